import { expect, test } from "@playwright/test";
import { testPlatform } from "./support/platform.ts";

test("an anonymous visitor lands on the Fleetwire sign-in form", async ({ page }) => {
  await page.goto("/");

  await expect(page).toHaveURL(/\/signin(\?|$)/);
  await expect(page.getByRole("heading", { name: "Sign in to Fleetwire" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath("signin.png"), fullPage: true });
});

test("the console's own health endpoint answers ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

// Signing in goes through the control plane's POST /api/auth/session.
test("the admin signs in and sees the Overview with the platform's health", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Email").fill(testPlatform.admin.email);
  await page.getByLabel("Password").fill(testPlatform.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("signed-in-operator")).toContainText(testPlatform.admin.email);
  await expect(page.getByTestId("signed-in-operator")).toContainText("Admin");
  // Live metrics from the ingest bridge, the workers and Kafka.
  await expect(page.getByRole("region", { name: "Connected devices" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Kafka consumer lag" })).toBeVisible();
  const sources = page.getByLabel("Metric sources");
  for (const name of ["Ingest bridge", "Rules worker", "Writers", "Kafka"]) {
    await expect(sources).toContainText(`${name} reporting`);
  }
  const health = page.getByRole("region", { name: "Platform health" });
  await expect(health.getByText(/All systems operational|Degraded/)).toBeVisible();
  await expect(health.getByText("database")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("overview.png"), fullPage: true });

  // The control plane's bearer token stays on the console's server.
  const session = await page.request.get("/api/auth/session");
  expect(await session.json()).toMatchObject({ operator: { email: testPlatform.admin.email, role: "admin" } });
  expect(await session.text()).not.toMatch(/controlPlaneToken|"token"/);
});

test("a wrong password is refused with a message on the sign-in form", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(testPlatform.admin.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});
