import NextAuth from "next-auth";
import { getAuthOptions } from "@/server/auth-options.ts";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function handler(request: Request, context: RouteContext) {
  return NextAuth(getAuthOptions())(request, context);
}

export { handler as GET, handler as POST };
