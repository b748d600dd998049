import type { FleetwireDevice } from "@fleetwire/device-sdk";
import { expect, test } from "@playwright/test";
import { apiToken, callTrpc, createOperator, mutate, unique } from "./support/control-plane-api.ts";
import { replaceEditorText } from "./support/monaco.ts";
import { createFleetAndModel } from "./support/registry-fixtures.ts";
import { signIn } from "./support/sign-in.ts";
import { connectSimulatedDevice, provisionSimulatedDevice } from "./support/simulated-device.ts";

let device: FleetwireDevice | undefined;
test.afterEach(async () => {
  await device?.close().catch(() => undefined);
  device = undefined;
});

test("a provisioned device is revoked from its page, disconnected, and the auditor finds the revocation", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const token = await apiToken();
  const { fleet, model } = await createFleetAndModel(token);
  // Telemetry reaches the time-series store (and the chart) through a rule.
  await mutate(token, "rules.create", {
    fleetId: fleet.id,
    name: `store telemetry ${unique()}`,
    document: { if: { topic: "telemetry" }, then: [{ route_to: "timeseries" }] },
  });
  const deviceId = `e2e-dev-${unique()}`;
  const credentials = await provisionSimulatedDevice({ token, modelId: model.id, modelName: model.name, deviceId });
  const connectedDevice = await connectSimulatedDevice(credentials);
  device = connectedDevice;
  connectedDevice.applyDesired(() => undefined);
  connectedDevice.onCommand((command) => ({ done: command.name }));
  await connectedDevice.publishTelemetry({ temperature: 21.5, humidity: 40 });

  // The operator finds it in the device list by searching.
  await signIn(page);
  await page.getByRole("link", { name: "Devices" }).click();
  await page.getByLabel("Search devices").fill(deviceId);
  const row = page.getByRole("row").filter({ hasText: deviceId });
  await expect(row).toBeVisible();
  await expect(row).toContainText(fleet.name);
  await expect(row).toContainText("1.2.3");
  await page.screenshot({ path: test.info().outputPath("devices.png"), fullPage: true });

  await row.getByRole("link", { name: deviceId }).click();
  await expect(page.getByRole("heading", { name: deviceId })).toBeVisible();
  const certificates = page.getByRole("region", { name: "Certificates" });
  await expect(certificates.getByText("valid")).toBeVisible();
  const timeline = page.getByRole("list", { name: "Device timeline" });
  await expect(timeline).toContainText("Provisioned");
  // The broker announced its connection: online, and the connect is on the timeline.
  await expect(page.getByRole("main").getByText("Online", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(timeline).toContainText("Connected", { timeout: 15_000 });

  // Its telemetry chart fills in and updates as readings arrive.
  const temperature = page.getByRole("figure", { name: "temperature chart" });
  // (The first readings may arrive before the workers loaded the new rule: keep sending until one is stored.)
  await expect(async () => {
    await connectedDevice.publishTelemetry({ temperature: 22.5, humidity: 40 });
    await expect(temperature).toContainText(/[1-9]\d* readings/, { timeout: 6_000 });
  }).toPass({ timeout: 60_000 });
  const readings = async () => Number((await temperature.textContent())?.match(/(\d+) readings/)?.[1]);
  const before = await readings();
  await expect(async () => {
    await connectedDevice.publishTelemetry({ temperature: 23.5, humidity: 41 });
    await expect.poll(readings, { timeout: 8_000 }).toBeGreaterThan(before);
  }).toPass({ timeout: 60_000 });

  // Desired state goes to the device, which applies it and reports back: the delta clears.
  await replaceEditorText(page, page.getByTestId("code-editor").first(), '{"interval": 30}');
  await page.getByRole("button", { name: "Apply to desired state" }).click();
  await expect(page.getByLabel("Desired state", { exact: true })).toContainText('"interval": 30');
  await expect(page.getByLabel("Reported state", { exact: true })).toContainText('"interval": 30', { timeout: 20_000 });
  await expect(page.getByLabel("Delta", { exact: true })).toHaveText("{}");

  // A command, followed to its result.
  const send = page.getByRole("form", { name: "Send command" });
  await send.getByLabel("Command").fill("blink");
  await send.getByLabel("Parameters (JSON)").fill('{"times": 2}');
  await send.getByRole("button", { name: "Send" }).click();
  const command = page.getByRole("table", { name: "Commands" }).getByRole("row").filter({ hasText: "blink" });
  await expect(command).toContainText("succeeded", { timeout: 20_000 });
  await expect(command).toContainText('"done":"blink"');
  await expect(timeline).toContainText("Command succeeded");
  await expect(timeline).toContainText("Desired state changed");
  await page.screenshot({ path: test.info().outputPath("device.png"), fullPage: true });

  // Revoke: a reason and typing the device id are required before the button works.
  await certificates.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke certificate" });
  const confirm = dialog.getByRole("button", { name: "Revoke" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Reason").selectOption("keyCompromise");
  await dialog.getByLabel("Type the device id to confirm").fill(deviceId);
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(certificates.getByText("revoked", { exact: true })).toBeVisible();
  await expect(certificates).toContainText("Key compromised");
  await expect(certificates).toContainText("admin@");
  await expect(page.getByText("Revoked", { exact: true }).first()).toBeVisible();

  // The broker dropped the device's session and does not let it back in.
  await expect.poll(() => connectedDevice.connected, { timeout: 15_000 }).toBe(false);
  await page.waitForTimeout(3_000);
  expect(connectedDevice.connected).toBe(false);
  // The console shows it: the dropped session is on the timeline and the device is no longer online.
  await expect(timeline).toContainText("Disconnected", { timeout: 15_000 });
  await expect(page.getByRole("main").getByText("Online", { exact: true })).toHaveCount(0, { timeout: 15_000 });

  // The auditor: read-only, finds who revoked it, when and why; no revoke button anywhere.
  const auditor = await createOperator("auditor");
  const auditorContext = await browser.newContext();
  const auditorPage = await auditorContext.newPage();
  await signIn(auditorPage, auditor);
  // The audit log is the auditor's home.
  await expect(auditorPage).toHaveURL(/\/audit$/);
  await expect(auditorPage.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await auditorPage.getByPlaceholder("e.g. a device id").fill(deviceId);
  const entry = auditorPage.getByRole("row").filter({ hasText: "certificate.revoke" });
  await expect(entry).toContainText("admin@");
  await expect(entry).toContainText("keyCompromise");
  await auditorPage.screenshot({ path: test.info().outputPath("audit.png"), fullPage: true });

  await auditorPage.getByRole("link", { name: "Certificates" }).click();
  const revocation = auditorPage
    .getByRole("table", { name: "Revocations" })
    .getByRole("row")
    .filter({ hasText: deviceId });
  await expect(revocation).toContainText("Key compromised");
  await expect(revocation).toContainText("admin@");
  await auditorPage.screenshot({ path: test.info().outputPath("certificates.png"), fullPage: true });

  await revocation.getByRole("link", { name: deviceId }).click();
  await expect(
    auditorPage.getByRole("region", { name: "Certificates" }).getByText("revoked", { exact: true }),
  ).toBeVisible();
  await expect(auditorPage.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await auditorContext.close();
});

test("auditors and rule authors may not revoke: the button is absent and the API answers 403", async ({ browser }) => {
  test.setTimeout(90_000);
  const token = await apiToken();
  const { model } = await createFleetAndModel(token);
  const deviceId = `e2e-dev-${unique()}`;
  await provisionSimulatedDevice({ token, modelId: model.id, modelName: model.name, deviceId });

  for (const role of ["auditor", "rule_author"] as const) {
    const person = await createOperator(role);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, person);
    await page.goto(`/devices/${deviceId}`);
    const certificates = page.getByRole("region", { name: "Certificates" });
    await expect(certificates.getByText("valid", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    // The timeline comes from device events (device:read), not the audit log a rule author may not read.
    await expect(page.getByRole("list", { name: "Device timeline" })).toContainText("Provisioned");
    await context.close();

    const answer = await callTrpc(
      await apiToken(person),
      "certificates.revoke",
      { deviceId, reason: "keyCompromise" },
      "mutation",
    );
    expect(answer.status, `${role} revoking through the API`).toBe(403);
    expect(answer.error?.data?.code).toBe("FORBIDDEN");
  }
});
