import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

/**
 * Where archive files go. Both stores make a file appear whole or not at all, so a reader (or a
 * writer recovering after a crash) never sees half a Parquet file.
 */
export interface ArchiveStore {
  /** For logs: `file:///…` or `s3://bucket/prefix`. */
  readonly location: string;
  /** A local folder for files being written before `putFile`. */
  tempDir(): Promise<string>;
  /** Stores the local file under `key` durably, then removes the local file. */
  putFile(key: string, localPath: string): Promise<void>;
  putText(key: string, text: string): Promise<void>;
  getText(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
}

async function fsyncPath(p: string, flags: "r" | "r+" = "r"): Promise<void> {
  const handle = await open(p, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A local folder. Files are written under `<root>/_tmp`, fsynced, renamed into place (atomic on
 * one filesystem) and the folder entry fsynced, so a crash leaves either the old state or the
 * whole new file.
 */
export class LocalArchiveStore implements ArchiveStore {
  readonly location: string;

  constructor(readonly root: string) {
    this.location = `file://${path.resolve(root)}`;
  }

  async tempDir(): Promise<string> {
    const dir = path.join(this.root, "_tmp");
    await mkdir(dir, { recursive: true });
    return dir;
  }

  private target(key: string): string {
    const target = path.resolve(this.root, key);
    if (!target.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`archive key escapes the root: ${key}`);
    return target;
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.target(key);
    await mkdir(path.dirname(target), { recursive: true });
    await fsyncPath(localPath, "r+");
    await rename(localPath, target);
    await fsyncPath(path.dirname(target));
  }

  async putText(key: string, text: string): Promise<void> {
    const tmp = path.join(await this.tempDir(), `${randomBytes(6).toString("hex")}.tmp`);
    await writeFile(tmp, text);
    await this.putFile(key, tmp);
  }

  async getText(key: string): Promise<string | null> {
    try {
      return await readFile(this.target(key), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.target(key), { force: true });
  }
}

export interface S3ArchiveOptions {
  bucket: string;
  /** Key prefix inside the bucket, without a trailing slash ("" for the bucket root). */
  prefix: string;
  region: string;
  /** For S3-compatible stores (MinIO, Ceph): their URL; path-style addressing is used then. */
  endpoint?: string;
}

/**
 * An S3 bucket (or an S3-compatible store). PutObject is atomic: an object is visible whole or
 * not at all. Credentials come from the AWS SDK's default chain (environment, profile, instance
 * role). Not exercised by the test suite: no S3 endpoint is reachable from the build machines.
 */
export class S3ArchiveStore implements ArchiveStore {
  readonly location: string;
  private readonly client: S3Client;

  constructor(private readonly options: S3ArchiveOptions) {
    this.location = `s3://${options.bucket}/${options.prefix}`;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    });
  }

  private key(key: string): string {
    return this.options.prefix ? `${this.options.prefix}/${key}` : key;
  }

  async tempDir(): Promise<string> {
    const dir = path.join(tmpdir(), "fleetwire-archive");
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const body = await readFile(localPath);
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(key), Body: body }));
    await rm(localPath, { force: true });
  }

  async putText(key: string, text: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(key), Body: text }));
  }

  async getText(key: string): Promise<string | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
      return (await out.Body?.transformToString("utf8")) ?? null;
    } catch (error) {
      if ((error as { name?: string }).name === "NoSuchKey") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
  }

  close(): void {
    this.client.destroy();
  }
}
