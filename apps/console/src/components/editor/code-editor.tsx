"use client";

import dynamic from "next/dynamic";
import { LoadingRows } from "@/components/ui/loading-rows.tsx";

/**
 * Monaco, client-only: importing it during the server render fails (`window is not defined`), so
 * it is loaded in the browser with `ssr: false`, from the console's own bundle.
 */
export const CodeEditor = dynamic(() => import("./code-editor-impl.tsx"), {
  ssr: false,
  loading: () => <LoadingRows rows={4} label="Loading the editor…" />,
});
