import { disconnectPrisma, getPrisma } from "@fleetwire/db";
import { seedDevice } from "@fleetwire/db/testing";
import { expect, test } from "@playwright/test";
import { apiToken, unique } from "./support/control-plane-api.ts";
import { testPlatform } from "./support/platform.ts";
import { createFleetAndModel } from "./support/registry-fixtures.ts";
import { signIn } from "./support/sign-in.ts";

const MARKUP = "<img src=x onerror=alert(1)>";

test.afterAll(() => disconnectPrisma());

test("names and attributes a device or user supplied show as literal text, never as markup", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const fleetName = `${MARKUP} ${unique()}`;
  const { fleet, model } = await createFleetAndModel(await apiToken(), fleetName);
  const deviceId = `e2e-xss-${unique()}`;
  const deviceName = `${MARKUP} device ${deviceId}`;
  await seedDevice(getPrisma(testPlatform.databaseUrl), {
    id: deviceId,
    fleetId: fleet.id,
    modelId: model.id,
    attributes: { name: deviceName, note: `<script>alert("x")</script>` },
  });

  await signIn(page);
  await page.getByRole("link", { name: "Fleets" }).click();
  await expect(page.getByRole("link", { name: fleetName })).toBeVisible();

  await page.getByRole("link", { name: "Devices" }).click();
  await page.getByLabel("Search devices").fill(deviceId);
  await expect(page.getByRole("link", { name: deviceName })).toBeVisible();

  await page.getByRole("link", { name: deviceName }).click();
  await expect(page.getByRole("heading", { name: deviceName })).toBeVisible();
  await expect(page.getByText(`<script>alert(\\"x\\")</script>`)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("escaping.png"), fullPage: true });

  // Nothing the device supplied became an element, and no script ran.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
