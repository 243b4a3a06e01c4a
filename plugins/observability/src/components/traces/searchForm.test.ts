import {
  emptySearchForm,
  parseAttributeFilters,
  toSearchQuery,
} from './searchForm';

describe('search form', () => {
  it('parses attribute filters with every operator', () => {
    expect(
      parseAttributeFilters(
        'http.route=/cart; status_code > 499\nk8s.pod.name=~"cart-.*"\n a != b ',
      ),
    ).toEqual([
      { key: 'http.route', op: '=', value: '/cart' },
      { key: 'status_code', op: '>', value: '499' },
      { key: 'k8s.pod.name', op: '=~', value: 'cart-.*' },
      { key: 'a', op: '!=', value: 'b' },
    ]);
    expect(() => parseAttributeFilters('just words')).toThrow(
      /"just words" is not a filter/,
    );
  });

  it('builds the query, scoped to the entity’s service when fixed', () => {
    const query = toSearchQuery(
      {
        ...emptySearchForm,
        service: 'ignored',
        operation: ' GET /cart ',
        minDuration: '100ms',
        status: 'error',
        rangeMinutes: 15,
      },
      1_700_000_000_000,
      'cart',
    );
    expect(query).toEqual({
      service: 'cart',
      operation: 'GET /cart',
      minDuration: '100ms',
      status: 'error',
      attributes: [],
      start: 1_700_000_000 - 900,
      end: 1_700_000_000,
      limit: 50,
    });
    expect(toSearchQuery(emptySearchForm, 0).service).toBeUndefined();
  });
});
