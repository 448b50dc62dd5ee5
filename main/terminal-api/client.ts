/**
 * Reference client for the Terminal API: what a shop's POS needs to take a payment through the till, with the
 * recovery rules built in — the caller's id is the idempotency key, so after any error the same call (or a GET
 * of the same id) is always safe. No dependencies beyond fetch (Node 20+, browsers).
 */
export interface TerminalClientOptions {
  /** e.g. http://127.0.0.1:8788/api/v1 */
  baseUrl: string;
  /** The paired API key (not needed from the till itself). */
  apiKey?: string;
  /** Shown on the till's screen: "Payment requested by <posName>". */
  posName?: string;
  fetch?: typeof fetch;
}

export interface Bilingual {
  en: string;
  zh: string;
}

export interface TerminalPayment {
  id: string;
  saleId: string | null;
  state: string;
  final: boolean;
  amountCents: number;
  currency: 'AUD';
  orderNo: string | null;
  refundedCents: number;
  message: Bilingual | null;
  [field: string]: unknown;
}

export interface TerminalRefund {
  id: string;
  refundId: string | null;
  state: 'pending' | 'succeeded' | 'failed';
  final: boolean;
  amountCents: number;
  [field: string]: unknown;
}

export class TerminalApiError extends Error {
  override readonly name = 'TerminalApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly body: Record<string, unknown>,
  ) {
    super(`${status} ${code}: ${bilingual.en}`);
  }
}

export class TerminalClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly o: TerminalClientOptions) {
    this.fetch = o.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Asks the till for a payment; safe to repeat with the same id (returns the same payment). */
  createPayment(p: {
    id: string;
    amountCents: number;
    reference?: string;
    description?: string;
    mode?: 'scan' | 'qr';
  }): Promise<TerminalPayment> {
    return this.call('POST', '/payments', { currency: 'AUD', ...p });
  }

  getPayment(id: string, wait?: { seconds: number; known?: string }): Promise<TerminalPayment> {
    const q = wait
      ? `?wait=${wait.seconds}${wait.known ? `&known=${encodeURIComponent(wait.known)}` : ''}`
      : '';
    return this.call('GET', `/payments/${encodeURIComponent(id)}${q}`);
  }

  abortPayment(id: string): Promise<TerminalPayment> {
    return this.call('POST', `/payments/${encodeURIComponent(id)}/abort`, {});
  }

  /**
   * Posts the payment (again, if it was already posted) and long-polls until it is final or `timeoutMs` passes.
   * A lost reply or a transport error is retried with the same id: it can never charge twice.
   */
  async pay(
    p: Parameters<TerminalClient['createPayment']>[0],
    options: { timeoutMs?: number; onState?: (payment: TerminalPayment) => void } = {},
  ): Promise<TerminalPayment> {
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    let payment = await this.retrying(() => this.createPayment(p), deadline);
    options.onState?.(payment);
    while (!payment.final && Date.now() < deadline) {
      const seconds = Math.max(1, Math.min(30, Math.floor((deadline - Date.now()) / 1000)));
      const known = payment.state;
      payment = await this.retrying(() => this.getPayment(p.id, { seconds, known }), deadline);
      if (payment.state !== known) options.onState?.(payment);
    }
    return payment;
  }

  createRefund(r: {
    id: string;
    paymentId?: string;
    saleId?: string;
    orderNo?: string;
    amountCents: number;
    reason: string;
    managerPin?: string;
  }): Promise<TerminalRefund> {
    return this.call('POST', '/refunds', r);
  }

  getRefund(id: string): Promise<TerminalRefund> {
    return this.call('GET', `/refunds/${encodeURIComponent(id)}`);
  }

  async receiptText(paymentId: string, columns: 42 | 48 = 42): Promise<string> {
    const res = await this.raw(
      'GET',
      `/payments/${encodeURIComponent(paymentId)}/receipt?format=text&columns=${columns}`,
    );
    return res.text();
  }

  status(): Promise<Record<string, unknown>> {
    return this.call('GET', '/status');
  }

  /** Step 1 of pairing: the till shows a six-digit code on its screen. */
  startPairing(name: string): Promise<{ expiresAt: number }> {
    return this.call('POST', '/pairing/start', { name });
  }

  /** Step 2: the code the cashier reads out buys an API key (keep it; it is shown once). */
  completePairing(name: string, code: string): Promise<{ keyId: string; apiKey: string; name: string }> {
    return this.call('POST', '/pairing', { name, code });
  }

  private async retrying<T>(fn: () => Promise<T>, deadline: number): Promise<T> {
    for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
      try {
        return await fn();
      } catch (err) {
        // An answer from the till (4xx) is final; only transport failures and 5xx/429 are retried.
        const retry = !(err instanceof TerminalApiError) || err.status >= 500 || err.status === 429;
        if (!retry || Date.now() + delay > deadline) throw err;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.raw(method, path, body);
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) {
      const e = (json.error ?? {}) as { code?: string; message?: Bilingual };
      throw new TerminalApiError(
        res.status,
        e.code ?? 'UNKNOWN',
        e.message ?? { en: res.statusText, zh: '' },
        json,
      );
    }
    return json as T;
  }

  private raw(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.o.posName) headers['X-POS-Name'] = this.o.posName;
    if (this.o.apiKey) headers.Authorization = `Bearer ${this.o.apiKey}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.fetch(this.o.baseUrl + path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }
}
