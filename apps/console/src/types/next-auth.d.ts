import type { TOperatorRole } from "@/lib/operator.schema.ts";

declare module "next-auth" {
  interface User {
    role?: TOperatorRole | undefined;
    controlPlaneToken?: string | undefined;
    controlPlaneTokenExpiresAt?: number | undefined;
  }
  interface Session {
    operator: { id: string; email: string; name: string | null; role: TOperatorRole };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    operatorId: string;
    role: TOperatorRole;
    /** Bearer token for the control plane's API; server-side only (the cookie is encrypted). */
    controlPlaneToken?: string | undefined;
    controlPlaneTokenExpiresAt?: number | undefined;
  }
}
