{{/* Chart name. */}}
{{- define "breakwater.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name of the release's objects. */}}
{{- define "breakwater.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "breakwater.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the release's pods; never change them on upgrade. */}}
{{- define "breakwater.selectorLabels" -}}
app.kubernetes.io/name: {{ include "breakwater.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "breakwater.labels" -}}
helm.sh/chart: {{ include "breakwater.chart" . }}
{{ include "breakwater.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: breakwater
{{- end -}}

{{- define "breakwater.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "breakwater.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "breakwater.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Where both containers see the Runtime API socket. */}}
{{- define "breakwater.runDir" -}}/var/run/breakwater{{- end -}}
{{- define "breakwater.socket" -}}{{ include "breakwater.runDir" . }}/runtime.sock{{- end -}}

{{/* Refuse value combinations the schema cannot express, with the keys to change. */}}
{{- define "breakwater.validate" -}}
{{- $dp := .Values.dataplane -}}
{{- $need := add $dp.preStopSleepSeconds $dp.shutdownGraceSeconds -}}
{{- if lt (int .Values.terminationGracePeriodSeconds) (int $need) -}}
{{- fail (printf "terminationGracePeriodSeconds: %d (expected: at least dataplane.preStopSleepSeconds + dataplane.shutdownGraceSeconds = %d, or the kubelet kills the dataplane before it drained)" (int .Values.terminationGracePeriodSeconds) (int $need)) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (eq .Values.kind "DaemonSet") -}}
{{- fail "autoscaling.enabled: true (expected: false with kind DaemonSet, which runs one pod per node)" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail (printf "autoscaling.minReplicas: %d (expected: at most autoscaling.maxReplicas = %d)" (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- end -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.stats.service.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled: true (expected: with stats.service.enabled: true, the Service it scrapes; or use metrics.podMonitor)" -}}
{{- end -}}
{{- $pdb := .Values.podDisruptionBudget -}}
{{- if and $pdb.enabled (eq (toString $pdb.maxUnavailable) "<nil>") (eq (toString $pdb.minAvailable) "<nil>") -}}
{{- fail "podDisruptionBudget: neither maxUnavailable nor minAvailable is set (expected: exactly one)" -}}
{{- end -}}
{{- if and $pdb.enabled (ne (toString $pdb.maxUnavailable) "<nil>") (ne (toString $pdb.minAvailable) "<nil>") -}}
{{- fail "podDisruptionBudget: both maxUnavailable and minAvailable are set (expected: exactly one)" -}}
{{- end -}}
{{- if and $dp.https.enabled (not $dp.https.certificateSecret) -}}
{{- fail "dataplane.https.certificateSecret: empty (expected: the name of a kubernetes.io/tls Secret in the release namespace with dataplane.https.enabled: true; the https frontend needs a certificate to start)" -}}
{{- end -}}
{{- $ports := list (int $dp.ports.http) (int $dp.ports.stats) (int .Values.controller.metricsPort) -}}
{{- if $dp.https.enabled }}{{ $ports = append $ports (int $dp.ports.https) }}{{ end -}}
{{- if ne (len $ports) (len (uniq $ports)) -}}
{{- fail (printf "dataplane.ports / controller.metricsPort: %v (expected: different ports, the two containers share the pod's network)" $ports) -}}
{{- end -}}
{{- end -}}
