import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderHistory, orderTrades } from '../../../src/domain/portfolio/ordering.js';

type Row = { id: string; tradeDate: string; seq?: number; createdAt?: string };

describe('orderHistory', () => {
  it('orders by day, then seq, then createdAt, then input position', () => {
    const rows: Row[] = [
      { id: 'd', tradeDate: '2024-01-02' },
      { id: 'c', tradeDate: '2024-01-02', createdAt: '2024-02-01T00:00:00Z' },
      { id: 'b', tradeDate: '2024-01-02T12:00:00Z', seq: 5 },
      { id: 'a', tradeDate: '2024-01-02', seq: 2 },
      { id: 'z', tradeDate: '2023-12-31T23:59:59Z' },
      { id: 'e', tradeDate: '2024-01-02' },
    ];
    const ordered = orderHistory(rows);
    expect(ordered.trades.map((r) => r.id)).toEqual(['z', 'a', 'b', 'c', 'd', 'e']);
    expect(ordered.days).toEqual(['2023-12-31', '2024-01-02', '2024-01-02', '2024-01-02', '2024-01-02', '2024-01-02']);
  });
  it('is a stable sort on (day, seq) for any input order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 1, max: 9 }), seq: fc.nat(1000) }), { maxLength: 60 }),
        (raw) => {
          const rows = raw.map((r, i) => ({ id: String(i), tradeDate: `2024-01-0${r.day}`, seq: r.seq }));
          const expected = rows
            .slice()
            .sort((a, b) => a.tradeDate.localeCompare(b.tradeDate) || a.seq - b.seq || Number(a.id) - Number(b.id));
          expect(orderTrades(rows).map((r) => r.id)).toEqual(expected.map((r) => r.id));
        },
      ),
    );
  });
  it('returns a copy', () => {
    const rows = [{ id: 'a', tradeDate: '2024-01-01' }];
    expect(orderTrades(rows)).not.toBe(rows);
  });
});
