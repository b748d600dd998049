/** Audit actions in words for timelines; unknown actions show as recorded. */
const LABELS: Record<string, string> = {
  "device.provision": "Provisioned",
  "device.certificate.renew": "Certificate renewed",
  "certificate.revoke": "Certificate revoked",
  "psk.create": "Pre-shared key created",
  "psk.revoke": "Pre-shared key revoked",
  "command.send": "Command sent",
  "fleet.create": "Fleet created",
  "fleet.update": "Fleet updated",
  "device_model.create": "Model created",
  "device_model.update": "Model updated",
  "manufacturer_ca.trust": "Manufacturer CA trusted",
  "manufacturer_ca.remove": "Manufacturer CA removed",
  "alert.resolve": "Alert resolved",
  "operator.create": "Operator created",
  "rule.create": "Rule created",
  "rule.update": "Rule updated",
};

export const auditActionLabel = (action: string) => LABELS[action] ?? action;
