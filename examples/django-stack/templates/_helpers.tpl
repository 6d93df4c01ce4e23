{{/*
Expand the name of the chart.
*/}}
{{- define "django-stack.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
A fully qualified app name, truncated at 63 characters (the DNS label limit).
*/}}
{{- define "django-stack.fullname" -}}
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

{{/*
Chart name and version, as used by the chart label.
*/}}
{{- define "django-stack.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "django-stack.labels" -}}
helm.sh/chart: {{ include "django-stack.chart" . }}
{{ include "django-stack.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "django-stack.selectorLabels" -}}
app.kubernetes.io/name: {{ include "django-stack.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Selector labels of one component: call with (dict "ctx" $ "component" "web").
*/}}
{{- define "django-stack.componentSelector" -}}
{{ include "django-stack.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
The PostgreSQL password: the given one, or one derived from the release name.
*/}}
{{- define "django-stack.postgresPassword" -}}
{{- .Values.postgres.password | default (printf "%s-%s-postgres" .Release.Namespace .Release.Name | sha256sum | trunc 24) }}
{{- end }}

{{/*
The Django secret key: the given one, or one derived from the release name.
*/}}
{{- define "django-stack.secretKey" -}}
{{- .Values.django.secretKey | default (printf "%s-%s-django" .Release.Namespace .Release.Name | sha256sum) }}
{{- end }}
