import { expect, test } from "@playwright/test";
import { apiToken, callTrpc, createOperator, unique } from "./support/control-plane-api.ts";
import { signIn } from "./support/sign-in.ts";

test("an operator sees the operators but cannot add one; the API answers 403", async ({ page }) => {
  const operator = await createOperator("operator");
  await signIn(page, operator);
  await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await page.getByRole("link", { name: "Operators" }).click();
  await expect(page.getByRole("table", { name: "Operators" })).toContainText(operator.email);
  await expect(page.getByRole("button", { name: "New operator" })).toHaveCount(0);

  const answer = await callTrpc(
    await apiToken(operator),
    "operators.create",
    { email: `x-${unique()}@e2e.fleetwire.test`, role: "admin", password: "long-enough-password" },
    "mutation",
  );
  expect(answer.status).toBe(403);
});

test("an admin adds an operator, who can then sign in with their role", async ({ page, browser }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Operators" }).click();
  await page.getByRole("button", { name: "New operator" }).click();
  const dialog = page.getByRole("dialog", { name: "New operator" });
  const email = `author-${unique()}@e2e.fleetwire.test`;
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Display name").fill("Rita Rules");
  await dialog.getByLabel("Role").selectOption("rule_author");
  await dialog.getByLabel("Initial password").fill("correct-horse-battery");
  await dialog.getByRole("button", { name: "Create operator" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("table", { name: "Operators" })).toContainText(email);
  await page.screenshot({ path: test.info().outputPath("operators.png"), fullPage: true });

  const context = await browser.newContext();
  const author = await context.newPage();
  await signIn(author, { email, password: "correct-horse-battery" });
  await expect(author.getByTestId("signed-in-operator")).toContainText("Rule author");
  await expect(author.getByRole("link", { name: "Operators" })).toHaveCount(0);
  await author.getByRole("link", { name: "Rules" }).click();
  await expect(author.getByRole("link", { name: "New rule" })).toBeVisible();
  await context.close();
});

test("the browser never gets the control plane's token, and /api/trpc refuses without a session", async ({
  page,
  request,
}) => {
  const anonymous = await request.get("/api/trpc/fleets.list");
  expect(anonymous.status()).toBe(401);
  // Only procedure paths go through: nothing else of the control plane is reachable this way.
  const traversal = await request.get("/api/trpc/..%2Fhealth");
  expect(traversal.status()).toBe(404);

  await signIn(page);
  const session = await page.request.get("/api/auth/session");
  expect(await session.text()).not.toMatch(/controlPlaneToken|fwt_/);
  const fleets = await page.request.get("/api/trpc/fleets.list");
  expect(fleets.status()).toBe(200);
});
