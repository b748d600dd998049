// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata
// polyfill loaded first. Every module of this package imports the library through this file.
import "reflect-metadata";

export * from "@peculiar/x509";
