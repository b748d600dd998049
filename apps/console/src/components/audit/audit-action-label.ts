/** Audit actions in words for timelines; unknown actions show as recorded. */
const LABELS: Record<string, string> = {
  "device.provision": "Provisioned",
  "device.provision.refused": "Provisioning refused",
  "certificate.issue": "Certificate issued",
  "certificate.renew": "Certificate renewed",
  "certificate.revoke": "Certificate revoked",
  "psk.create": "Pre-shared key created",
  "psk.revoke": "Pre-shared key revoked",
  "command.send": "Command sent",
  "shadow.desired.update": "Desired state changed",
  "fleet.create": "Fleet created",
  "fleet.update": "Fleet updated",
  "model.create": "Model created",
  "model.update": "Model updated",
  "operator.create": "Operator created",
  "rule.create": "Rule created",
  "rule.update": "Rule updated",
};

export const auditActionLabel = (action: string) => LABELS[action] ?? action;
