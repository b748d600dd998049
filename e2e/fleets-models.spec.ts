import { createTestManufacturerCa } from "@fleetwire/pki";
import { expect, test } from "@playwright/test";
import { unique } from "./support/control-plane-api.ts";
import { replaceEditorText } from "./support/monaco.ts";
import { signIn } from "./support/sign-in.ts";

test("an admin creates a fleet, then a model with a validated telemetry schema into it", async ({ page }) => {
  test.setTimeout(120_000);
  const id = unique();
  const fleetName = `North plant ${id}`;
  await signIn(page);

  await page.getByRole("link", { name: "Fleets" }).click();
  await expect(page.getByRole("heading", { name: "Fleets" })).toBeVisible();
  await page.getByRole("button", { name: "New fleet" }).click();
  const dialog = page.getByRole("dialog", { name: "New fleet" });
  await dialog.getByLabel("Name").fill(fleetName);
  await expect(dialog.getByLabel("Slug")).toHaveValue(`north-plant-${id}`);
  await dialog.getByRole("button", { name: "Create fleet" }).click();
  await expect(dialog).toBeHidden();
  await page.screenshot({ path: test.info().outputPath("fleets.png"), fullPage: true });

  // Edit it from its page.
  await page.getByRole("link", { name: fleetName }).click();
  await page.getByRole("button", { name: "Edit fleet" }).click();
  const edit = page.getByRole("dialog", { name: "Edit fleet" });
  await edit.getByLabel("Description").fill("Assembly hall sensors");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByText("Assembly hall sensors")).toBeVisible();

  await page.getByRole("link", { name: "Models" }).click();
  await page.getByRole("link", { name: "New model" }).click();
  await page.getByLabel("Name", { exact: true }).fill(`th-sensor-${id}`);
  await page.getByLabel("Default fleet").selectOption({ label: fleetName });

  // The schema editor is Monaco, served by the console; the API's own check marks mistakes.
  const editor = page.getByTestId("code-editor");
  await expect(editor.locator(".monaco-editor")).toBeVisible();
  await expect(page.getByText("Valid JSON Schema (draft 2020-12)")).toBeVisible();
  await replaceEditorText(page, editor, '{"type": "object", "properties": {"t": {"type": "nmber"}}}');
  const problems = page.getByRole("list", { name: "Problems" });
  await expect(problems).toContainText("/properties/t/type");
  await page.getByRole("button", { name: "Create model" }).click();
  await expect(page.getByText("Fix the problems in the telemetry schema first.")).toBeVisible();

  await replaceEditorText(page, editor, '{"type": "object", "properties": {"t": {"type": "number"}}}');
  await expect(page.getByText("Valid JSON Schema (draft 2020-12)")).toBeVisible();
  await page.getByRole("button", { name: "Create model" }).click();
  await expect(page.getByRole("heading", { name: `th-sensor-${id}` })).toBeVisible();
  await expect(page.getByText("schema version 1")).toBeVisible();

  // A manufacturer's CA is uploaded for the model: its devices may then bootstrap into the fleet.
  const manufacturer = await createTestManufacturerCa();
  const cas = page.getByRole("region", { name: "Trusted manufacturer CAs" });
  await expect(cas.getByText("No trusted CAs")).toBeVisible();
  await cas.getByRole("button", { name: "Upload CA" }).click();
  const upload = page.getByRole("dialog", { name: "Trust a manufacturer CA" });
  await upload.getByLabel("Name").fill(`Acme sensors ${id}`);
  await upload.getByLabel("Certificate (PEM)").fill(manufacturer.certPem);
  await upload.getByRole("button", { name: "Trust CA" }).click();
  await expect(upload).toBeHidden();
  await expect(cas).toContainText(`Acme sensors ${id}`);
  await page.screenshot({ path: test.info().outputPath("model.png"), fullPage: true });
});
