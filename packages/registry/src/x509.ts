// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata
// polyfill loaded first; this package imports the library only through this file.
import "reflect-metadata";

export * from "@peculiar/x509";
