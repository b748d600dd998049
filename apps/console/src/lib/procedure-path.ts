// A procedure path or a batch of them ("fleets.list,devices.get"): nothing else of the control
// plane (its plain HTTP routes, `..`, encoded slashes) can be reached through the console's proxy.
const PROCEDURE_PATHS = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*(,[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*)*$/;

/** Whether the `/api/trpc/[trpc]` segment names procedures only. */
export const isProcedurePath = (paths: string) => PROCEDURE_PATHS.test(paths);
