import type { Metadata } from "next";
import { RuleDetail } from "@/components/rules/rule-detail.tsx";

export const metadata: Metadata = { title: "Rule" };

export default async function Page({ params }: { params: Promise<{ ruleId: string }> }) {
  return <RuleDetail ruleId={(await params).ruleId} />;
}
