import { checkPlatformHealth } from "../health/check-platform-health.ts";
import { listAlertsRoute } from "../routes/alerts/list.ts";
import { resolveAlertRoute } from "../routes/alerts/resolve.ts";
import { listAuditLogRoute } from "../routes/audit/list.ts";
import { meRoute } from "../routes/auth/me.ts";
import { listCertificatesRoute } from "../routes/certificates/list.ts";
import { revokeCertificateRoute } from "../routes/certificates/revoke.ts";
import { getCommandRoute } from "../routes/commands/get.ts";
import { listCommandsRoute } from "../routes/commands/list.ts";
import { sendCommandRoute } from "../routes/commands/send.ts";
import { getCrlRoute } from "../routes/crl/get.ts";
import { listDeviceEventsRoute } from "../routes/devices/events.ts";
import { getDeviceRoute } from "../routes/devices/get.ts";
import { listDevicesRoute } from "../routes/devices/list.ts";
import { createDevicePskRoute } from "../routes/devices/psk-create.ts";
import { revokeDevicePskRoute } from "../routes/devices/psk-revoke.ts";
import { createFleetRoute } from "../routes/fleets/create.ts";
import { getFleetRoute } from "../routes/fleets/get.ts";
import { listFleetsRoute } from "../routes/fleets/list.ts";
import { updateFleetRoute } from "../routes/fleets/update.ts";
import { listManufacturerCasRoute } from "../routes/manufacturer-cas/list.ts";
import { removeManufacturerCaRoute } from "../routes/manufacturer-cas/remove.ts";
import { trustManufacturerCaRoute } from "../routes/manufacturer-cas/trust.ts";
import { metricsOverviewRoute } from "../routes/metrics/overview.ts";
import { createModelRoute } from "../routes/models/create.ts";
import { getModelRoute } from "../routes/models/get.ts";
import { listModelsRoute } from "../routes/models/list.ts";
import { updateModelRoute } from "../routes/models/update.ts";
import { createOperatorRoute } from "../routes/operators/create.ts";
import { listOperatorsRoute } from "../routes/operators/list.ts";
import { createRuleRoute } from "../routes/rules/create.ts";
import { diffRuleRoute } from "../routes/rules/diff.ts";
import { dryRunRuleRoute } from "../routes/rules/dry-run.ts";
import { getRuleRoute } from "../routes/rules/get.ts";
import { listRulesRoute } from "../routes/rules/list.ts";
import { setRuleEnabledRoute } from "../routes/rules/set-enabled.ts";
import { updateRuleRoute } from "../routes/rules/update.ts";
import { validateRuleRoute } from "../routes/rules/validate.ts";
import { ruleVersionsRoute } from "../routes/rules/versions.ts";
import { getShadowRoute } from "../routes/shadows/get.ts";
import { shadowHistoryRoute } from "../routes/shadows/history.ts";
import { patchDesiredRoute } from "../routes/shadows/patch-desired.ts";
import { telemetrySeriesRoute } from "../routes/telemetry/series.ts";
import { createTokenRoute } from "../routes/tokens/create.ts";
import { listTokensRoute } from "../routes/tokens/list.ts";
import { revokeTokenRoute } from "../routes/tokens/revoke.ts";
import { procedure, router } from "./init.ts";

export const appRouter = router({
  health: procedure("platform:read").query(({ ctx }) => checkPlatformHealth(ctx.env)),
  auth: router({ me: meRoute }),
  tokens: router({ create: createTokenRoute, list: listTokensRoute, revoke: revokeTokenRoute }),
  operators: router({ list: listOperatorsRoute, create: createOperatorRoute }),
  fleets: router({ list: listFleetsRoute, get: getFleetRoute, create: createFleetRoute, update: updateFleetRoute }),
  models: router({ list: listModelsRoute, get: getModelRoute, create: createModelRoute, update: updateModelRoute }),
  manufacturerCas: router({
    list: listManufacturerCasRoute,
    trust: trustManufacturerCaRoute,
    remove: removeManufacturerCaRoute,
  }),
  devices: router({
    list: listDevicesRoute,
    get: getDeviceRoute,
    events: listDeviceEventsRoute,
    psk: router({ create: createDevicePskRoute, revoke: revokeDevicePskRoute }),
  }),
  certificates: router({ list: listCertificatesRoute, revoke: revokeCertificateRoute }),
  crl: router({ get: getCrlRoute }),
  audit: router({ list: listAuditLogRoute }),
  shadows: router({ get: getShadowRoute, patchDesired: patchDesiredRoute, history: shadowHistoryRoute }),
  commands: router({ send: sendCommandRoute, list: listCommandsRoute, get: getCommandRoute }),
  rules: router({
    list: listRulesRoute,
    get: getRuleRoute,
    create: createRuleRoute,
    update: updateRuleRoute,
    setEnabled: setRuleEnabledRoute,
    versions: ruleVersionsRoute,
    diff: diffRuleRoute,
    dryRun: dryRunRuleRoute,
    validate: validateRuleRoute,
  }),
  metrics: router({ overview: metricsOverviewRoute }),
  alerts: router({ list: listAlertsRoute, resolve: resolveAlertRoute }),
  telemetry: router({ series: telemetrySeriesRoute }),
});

export type AppRouter = typeof appRouter;
