// The little of hypercore@10's API the audit benchmark uses (the package ships no types).
declare module 'hypercore' {
  export default class Hypercore {
    constructor(storage: string);
    readonly length: number;
    ready(): Promise<void>;
    append(blocks: Buffer | Buffer[]): Promise<{ length: number; byteLength: number }>;
    close(): Promise<void>;
  }
}
