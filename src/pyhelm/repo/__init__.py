"""Chart repositories (Helm ``pkg/repo/v1``): index files, repositories.yaml, cached indexes, search."""
