import { procedure } from "../../trpc/init.ts";

export const listOperatorsRoute = procedure("operator:read").query(({ ctx }) =>
  ctx.prisma.operator.findMany({
    where: { organisationId: ctx.caller.organisationId },
    select: {
      id: true,
      email: true,
      displayName: true,
      role: true,
      disabled: true,
      lastLoginAt: true,
      createdAt: true,
    },
    orderBy: { email: "asc" },
  }),
);
