import { defineConfig } from "@playwright/test";
import { testPlatform } from "./e2e/support/platform.ts";

/**
 * Browser tests of the console in Debian's Chromium (Playwright never downloads a browser here).
 * The platform is started beforehand by the test harness (`pnpm test`) with FLEETWIRE_PROFILE=test;
 * this config only reads the console's address from that profile and starts no server itself.
 */
export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "./test-results/e2e",
  // Two cores shared with the whole platform (and often other test runs): pages with Monaco or
  // charts can take a while to settle.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"], ["html", { outputFolder: "./test-results/playwright-report", open: "never" }]],
  use: {
    baseURL: testPlatform.urls.console,
    screenshot: "on",
    trace: "retain-on-failure",
    video: "off",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium", viewport: { width: 1440, height: 900 } } }],
});
