import { Pool } from 'undici';

/** A subgraph's HTTP answer, as text: each reader parses its own copy. */
export interface SubgraphReply {
  status: number;
  contentType: string;
  text: string;
}

/**
 * POSTs to one subgraph over a pool of kept-alive connections (undici), instead of a new
 * make-fetch-happen request with its Request/Headers objects per fetch.
 */
export class SubgraphClient {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(url: string) {
    const target = new URL(url);
    this.pool = new Pool(target.origin, { connections: 64, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });
    this.path = target.pathname + target.search;
  }

  /** Aborting `signal` closes the connection: the subgraph sees its client gone and cancels the work. */
  async post(body: string, headers: Record<string, string>, signal: AbortSignal): Promise<SubgraphReply> {
    const response = await this.pool.request({ path: this.path, method: 'POST', headers, body, signal });
    const contentType = response.headers['content-type'];
    return {
      status: response.statusCode,
      contentType: typeof contentType === 'string' ? contentType : '',
      text: await response.body.text(),
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
