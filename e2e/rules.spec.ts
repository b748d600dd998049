import type { FleetwireDevice } from "@fleetwire/device-sdk";
import { expect, test } from "@playwright/test";
import { apiToken, unique } from "./support/control-plane-api.ts";
import { replaceEditorText } from "./support/monaco.ts";
import { createFleetAndModel } from "./support/registry-fixtures.ts";
import { signIn } from "./support/sign-in.ts";
import { connectSimulatedDevice, provisionSimulatedDevice } from "./support/simulated-device.ts";

const ruleText = (threshold: number, when = "payload.temperature > 0.0") =>
  JSON.stringify(
    {
      if: { topic: "telemetry", when },
      then: [
        { route_to: "timeseries" },
        { alert_if: `payload.temperature > ${threshold}.0`, severity: "critical", message: "{{device_id}} is hot" },
      ],
    },
    null,
    2,
  );

let device: FleetwireDevice | undefined;
test.afterEach(async () => {
  await device?.close().catch(() => undefined);
  device = undefined;
});

test("a rule is written in Monaco, dry-run against the device's recent messages, saved, applied, versioned and disabled", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const token = await apiToken();
  const { fleet, model } = await createFleetAndModel(token);
  const deviceId = `e2e-rule-${unique()}`;
  device = await connectSimulatedDevice(
    await provisionSimulatedDevice({ token, modelId: model.id, modelName: model.name, deviceId }),
  );
  await device.publishTelemetry({ temperature: 45.5 });

  await signIn(page);
  await page.getByRole("link", { name: "Rules" }).click();
  await page.getByRole("link", { name: "New rule" }).click();
  const ruleName = `Hot sensors ${unique()}`;
  await page.getByLabel("Rule name").fill(ruleName);
  await page.getByLabel("Fleet").selectOption(fleet.id);

  // A CEL mistake is marked where it is, from the same validator the control plane runs.
  const editor = page.getByTestId("code-editor");
  await expect(editor.locator(".monaco-editor")).toBeVisible();
  await replaceEditorText(page, editor, ruleText(40, "payload.temperature >"));
  const problems = page.getByRole("list", { name: "Problems" });
  await expect(problems).toContainText("/if/when");
  await expect(editor.locator(".squiggly-error").first()).toBeAttached();
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByText("Fix the problems in the rule document first.")).toBeVisible();

  // Inside an expression, payload fields of the fleet's model are offered.
  await replaceEditorText(page, editor, '{"if": {"when": "payload.');
  await page.keyboard.press("Control+Space");
  await expect(editor.locator(".suggest-widget")).toContainText("temperature");
  await page.keyboard.press("Escape");

  await replaceEditorText(page, editor, ruleText(40));
  await expect(page.getByText("Valid rule: JSON, DSL and CEL expressions check out")).toBeVisible();

  // Dry run against the device's recent messages: the hot reading matches and alerts; nothing is routed.
  const dryRun = page.getByRole("form", { name: "Dry run" });
  await dryRun.getByLabel("Dry run device").fill(deviceId);
  await expect(async () => {
    await dryRun.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByRole("status", { name: "Dry run summary" })).toContainText(
      /[1-9]\d* matched, [1-9]\d* alert/,
      {
        timeout: 3_000,
      },
    );
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole("table", { name: "Dry run results" })).toContainText(`${deviceId} is hot`);

  await page.getByLabel("Version comment").fill("first version");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByRole("heading", { name: ruleName })).toBeVisible();
  await expect(page.getByText("version 1 · priority 100")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("rule.png"), fullPage: true });

  // Saved means applied: the workers reload it, the next hot reading raises the alert.
  await expect(async () => {
    await device?.publishTelemetry({ temperature: 46 });
    await page.goto("/");
    await expect(page.getByRole("table", { name: "Active alerts" })).toContainText(`${deviceId} is hot`, {
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
  await page.screenshot({ path: test.info().outputPath("overview.png"), fullPage: true });

  // A second version, its diff against the first, then disable.
  await page.getByRole("link", { name: "Rules" }).click();
  await page.getByRole("link", { name: ruleName }).click();
  await replaceEditorText(page, page.getByTestId("code-editor"), ruleText(50));
  await page.getByLabel("Version comment").fill("raise the threshold");
  await page.getByRole("button", { name: "Save new version" }).click();
  await expect(page.getByText("version 2 · priority 100")).toBeVisible();
  const versions = page.getByRole("table", { name: "Versions" });
  await expect(versions).toContainText("raise the threshold");
  await expect(versions).toContainText("first version");
  await versions.getByRole("button", { name: "Diff with v2" }).click();
  const diff = page.getByRole("dialog", { name: "Version 1 → version 2" });
  await expect(diff.getByTestId("code-diff").locator(".monaco-diff-editor")).toBeVisible();
  await expect(diff.getByText("payload.temperature > 50.0")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("rule-diff.png") });
  await diff.getByRole("button", { name: "Close" }).click();

  await page.getByRole("button", { name: `Disable ${ruleName}` }).click();
  await expect(page.getByText("Disabled", { exact: true })).toBeVisible();
});
