import { describe, expect, it } from "vitest";
import { compileTemplate, renderTemplate } from "./message-template.ts";

function render(source: string, scope: Record<string, unknown>) {
  const compiled = compileTemplate(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return renderTemplate(compiled.template, scope);
}

describe("message templates", () => {
  it("fills placeholders by plain lookup", () => {
    const scope = {
      device_id: "dev-1",
      payload: { temperature: 85.5, env: { site: "p3" } },
      device: { attributes: {} },
    };
    expect(render("{{device_id}} is at {{ payload.temperature }} °C in {{payload.env.site}}", scope)).toBe(
      "dev-1 is at 85.5 °C in p3",
    );
    expect(render("missing: [{{payload.nope}}] {{payload.env}}", scope)).toBe('missing: [] {"site":"p3"}');
  });

  it("never evaluates code and never reaches prototypes", () => {
    for (const bad of [
      "{{payload.constructor}}",
      "{{device_id.length}}",
      "{{process.env}}",
      "{{payload.t + 1}}",
      "{{x}",
      "a {{payload.t",
    ]) {
      expect(compileTemplate(bad).ok, bad).toBe(false);
    }
    expect(render("{{payload.toString}}", { payload: {} })).toBe("");
  });

  it("points at the bad placeholder", () => {
    const result = compileTemplate("ok {{device_id}} then {{nope}}");
    expect(result.ok ? undefined : result.error.range).toMatchObject({ offset: 22, length: 8 });
  });
});
