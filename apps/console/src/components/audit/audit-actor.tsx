import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type Actor = RouterOutputs["audit"]["list"]["items"][number]["actor"];

/** Who did it: an operator's email when known, else the actor's type and id. */
export function AuditActor({ actor }: { actor: Actor }) {
  if (actor.email) return <span>{actor.email}</span>;
  return (
    <span>
      {actor.type}
      {actor.id ? ` ${actor.id}` : ""}
    </span>
  );
}
