{{/* The chart name, or nameOverride. */}}
{{- define "flask-app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The fully qualified app name, at most 63 characters (DNS label). */}}
{{- define "flask-app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "flask-app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "flask-app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flask-app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "flask-app.labels" -}}
helm.sh/chart: {{ include "flask-app.chart" . }}
{{ include "flask-app.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: flask-app
{{- end }}

{{- define "flask-app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "flask-app.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the Flask SECRET_KEY. */}}
{{- define "flask-app.secretName" -}}
{{- default (include "flask-app.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/* "true" when the PostgreSQL subchart is on: its condition when set, else the database tag. */}}
{{- define "flask-app.postgresql.enabled" -}}
{{- $pg := .Values.postgresql | default dict }}
{{- if hasKey $pg "enabled" }}{{ ternary "true" "" (eq (toString $pg.enabled) "true") }}
{{- else }}{{ ternary "true" "" (eq (toString .Values.tags.database) "true") }}{{ end }}
{{- end }}

{{/* "true" when the Redis subchart is on: its condition when set, else the cache tag. */}}
{{- define "flask-app.redis.enabled" -}}
{{- $redis := .Values.redis | default dict }}
{{- if hasKey $redis "enabled" }}{{ ternary "true" "" (eq (toString $redis.enabled) "true") }}
{{- else }}{{ ternary "true" "" (eq (toString .Values.tags.cache) "true") }}{{ end }}
{{- end }}

{{/* Whether to render the ServiceMonitor: asked for, or metrics on and the CRD served. */}}
{{- define "flask-app.serviceMonitor.enabled" -}}
{{- if or .Values.metrics.serviceMonitor.enabled (and .Values.metrics.enabled (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1")) }}true{{ end }}
{{- end }}
