import { newestRegistration } from '../../../lib/registrations/newest';

describe('newestRegistration', () => {
  it('takes the greatest reported_date, ms or ISO, and the first one on ties', () => {
    const regs = [
      { _id: 'a', reported_date: 1_000 },
      { _id: 'b', reported_date: '1970-01-01T00:00:03.000Z' },
      { _id: 'c', reported_date: 3_000 },
      { _id: 'd', reported_date: 2_000 },
    ];
    expect(newestRegistration(regs)?._id).toBe('b');
    expect(newestRegistration([{ _id: 'x' }, { _id: 'y', reported_date: 5 }])?._id).toBe('y');
    expect(newestRegistration([])).toBeUndefined();
  });
});
