"use client";

import dynamic from "next/dynamic";
import { LoadingRows } from "@/components/ui/loading-rows.tsx";

/** Monaco's diff editor, client-only like CodeEditor. */
export const CodeDiff = dynamic(() => import("./code-diff-impl.tsx"), {
  ssr: false,
  loading: () => <LoadingRows rows={4} label="Loading the diff…" />,
});
