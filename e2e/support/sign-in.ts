import { expect, type Page } from "@playwright/test";
import { testPlatform } from "./platform.ts";

export type Credentials = { email: string; password: string };

export const adminCredentials: Credentials = testPlatform.admin;

/** Signs in through the console's form and waits for the signed-in shell. */
export async function signIn(page: Page, credentials: Credentials = adminCredentials) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // A full page load follows; on a busy two-core machine the first one can take a while.
  await expect(page.getByTestId("signed-in-operator")).toContainText(credentials.email, { timeout: 30_000 });
}
