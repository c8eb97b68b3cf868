#!/usr/bin/env bash
# Creates the Secrets of namespaces bench and storage from the templates beside this script, with
# random values that agree across namespaces (the database password the chart sets is the one the app
# uses, the webhook token MinIO sends is the one the app expects, ...).
#
#   keda/secrets/create-secrets.sh          apply to kubectl's current context; a value already in the
#                                           cluster is kept, only missing ones are generated
#   keda/secrets/create-secrets.sh --print  print the filled Secrets with fresh values and touch
#                                           nothing (to review them, or to seal them for GitOps)
#
# Run it before installing the charts: they read their passwords from these Secrets at first start.
set -euo pipefail
shopt -s extglob

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
templates=("$here/storage.secrets.template.yaml" "$here/bench.secrets.template.yaml")

usage() { echo "usage: $0 [--print]" >&2; exit 2; }
print_only=""
case "${1:-}" in
  "") ;;
  --print) print_only=1 ;;
  *) usage ;;
esac

# Every placeholder of the templates, and the Secret key in the cluster that holds its current value.
declare -A stored_in=(
  [JWT_SECRET]=bench/bench-jwt/JWT_SECRET
  [MINIO_ACCESS_KEY]=bench/bench-minio/MINIO_ACCESS_KEY
  [MINIO_SECRET_KEY]=bench/bench-minio/MINIO_SECRET_KEY
  [MINIO_WEBHOOK_TOKEN]=bench/bench-webhook/MINIO_WEBHOOK_TOKEN
  [POSTGRES_PASSWORD]=storage/postgresql-auth/password
  [POSTGRES_ADMIN_PASSWORD]=storage/postgresql-auth/postgres-password
  [RABBITMQ_PASSWORD]=storage/rabbitmq-auth/rabbitmq-password
  [RABBITMQ_ERLANG_COOKIE]=storage/rabbitmq-auth/rabbitmq-erlang-cookie
  [MINIO_ROOT_USER]=storage/minio-auth/root-user
  [MINIO_ROOT_PASSWORD]=storage/minio-auth/root-password
  [AZURITE_ACCOUNT_KEY]=storage/azurite-auth/account-key
  [AZUREWEBJOBS_STORAGE]=bench/bench-functions-storage/AzureWebJobsStorage
)

# Hex only: safe inside the AMQP URL, YAML and shell words without escaping.
random_hex() { head -c "$1" /dev/urandom | od -An -vtx1 | tr -d ' \n'; }

fresh_value() {
  case "$1" in
    MINIO_ROOT_USER) echo "admin-$(random_hex 4)" ;;
    MINIO_ACCESS_KEY) echo "bench-app" ;;
    AZURITE_ACCOUNT_KEY) head -c 32 /dev/urandom | base64 -w0 ;;  # Azurite wants a base64 key
    AZUREWEBJOBS_STORAGE) ;;  # derived from the Azurite key below, unless the cluster has one
    *) random_hex 32 ;;  # 64 characters: JWT_SECRET needs >= 32 bytes, the webhook token >= 16
  esac
}

cluster_value() {
  local namespace secret key encoded
  IFS=/ read -r namespace secret key <<<"$1"
  encoded=$(kubectl -n "$namespace" get secret "$secret" --ignore-not-found \
    -o "go-template={{with index .data \"$key\"}}{{.}}{{end}}") || return 1
  [[ -n $encoded ]] && base64 -d <<<"$encoded"
  return 0
}

declare -A value=()
if [[ -z $print_only ]]; then
  command -v kubectl >/dev/null || { echo "create-secrets.sh: kubectl is not on PATH" >&2; exit 1; }
  kubectl version >/dev/null || { echo "create-secrets.sh: kubectl cannot reach a cluster (current context: $(kubectl config current-context 2>/dev/null || echo none))" >&2; exit 1; }
fi
for name in "${!stored_in[@]}"; do
  current=""
  if [[ -z $print_only ]]; then
    current=$(cluster_value "${stored_in[$name]}") || { echo "create-secrets.sh: could not read ${stored_in[$name]}" >&2; exit 1; }
  fi
  value[$name]=${current:-$(fresh_value "$name")}
done

# Development default: the Functions host's storage is Azurite's account (keda/storage/azurite.yaml).
# A value already in the cluster (a storage account's connection string in production) is kept.
if [[ -z ${value[AZUREWEBJOBS_STORAGE]} ]]; then
  azurite=http://azurite.storage.svc.cluster.local
  value[AZUREWEBJOBS_STORAGE]="DefaultEndpointsProtocol=http;AccountName=bench;AccountKey=${value[AZURITE_ACCOUNT_KEY]};BlobEndpoint=$azurite:10000/bench;QueueEndpoint=$azurite:10001/bench;TableEndpoint=$azurite:10002/bench"
fi

render() {
  local line name
  while IFS= read -r line || [[ -n $line ]]; do
    for name in "${!value[@]}"; do
      line=${line//"\${$name}"/"${value[$name]}"}
    done
    # shellcheck disable=SC2016 # a literal "${": a placeholder left unfilled
    if [[ $line != *([[:space:]])'#'* && $line == *'${'* ]]; then
      echo "create-secrets.sh: $1 has a placeholder this script does not fill: $line" >&2
      exit 1
    fi
    printf '%s\n' "$line"
  done <"$1"
}

if [[ -n $print_only ]]; then
  for template in "${templates[@]}"; do
    render "$template"
    echo "---"
  done
  exit 0
fi

kubectl apply -f "$here/../base/namespace.yaml" -f "$here/../storage/namespace.yaml"
for template in "${templates[@]}"; do
  # Server-side apply: no last-applied annotation carrying the values in clear text.
  render "$template" | kubectl apply --server-side --field-manager=bench-create-secrets -f -
done
echo "create-secrets.sh: Secrets are in place (values are not printed; kubectl get secret -o yaml shows them)."
