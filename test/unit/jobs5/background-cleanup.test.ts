/** The pure parts of background_cleanup: which ids a batch of changes concerns. */
import { deletedIds, readReceiptIds, userDbNames } from '../../../schedules/background-cleanup';

describe('deletedIds', () => {
  it('keeps deleted docs only, once each, without design docs', () => {
    const changes = [
      { id: 'a', seq: '1', changes: [{ rev: '2-x' }], deleted: true },
      { id: 'b', seq: '2', changes: [{ rev: '1-x' }] },
      { id: '_design/vigil', seq: '3', changes: [{ rev: '2-x' }], deleted: true },
      { id: 'a', seq: '4', changes: [{ rev: '3-x' }], deleted: true },
      { id: 'c', seq: '5', changes: [{ rev: '2-x' }], deleted: false },
    ];
    expect(deletedIds(changes)).toEqual(['a']);
  });
});

describe('userDbNames', () => {
  it('lists the per-user dbs of this medic db only', () => {
    expect(userDbNames(['medic', 'medic-sentinel', 'medic-user-ana-meta', 'medic-users-meta', 'other-user-x', 'medic-user-bo'], 'medic')).toEqual([
      'medic-user-ana-meta',
      'medic-user-bo',
    ]);
  });
});

describe('readReceiptIds', () => {
  it('names both receipt kinds per doc', () => {
    expect(readReceiptIds(['r1', 'm1'])).toEqual(['read:report:r1', 'read:message:r1', 'read:report:m1', 'read:message:m1']);
  });
});
