"use client";

import type { Session } from "next-auth";
import { createContext, type ReactNode, useContext } from "react";

export type SignedInOperator = Session["operator"];

const OperatorContext = createContext<SignedInOperator | null>(null);

/** Makes the signed-in operator (never their token) available to client components. */
export function OperatorProvider({ operator, children }: { operator: SignedInOperator; children: ReactNode }) {
  return <OperatorContext.Provider value={operator}>{children}</OperatorContext.Provider>;
}

export function useOperator(): SignedInOperator {
  const operator = useContext(OperatorContext);
  if (!operator) throw new Error("useOperator() outside the signed-in layout");
  return operator;
}
