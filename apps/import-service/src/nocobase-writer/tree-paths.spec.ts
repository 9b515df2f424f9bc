import { newNodeAnchors } from './tree-paths';

describe('newNodeAnchors', () => {
  it('gives each new node the existing record its chain of new parents reaches; nodes under a new root get none', () => {
    const anchors = newNodeAnchors([
      { recordId: 'n1', parent: 'e1' },
      { recordId: 'n2', parent: 'n1' },
      { recordId: 'n3', parent: 'n2' },
      { recordId: 'r', parent: null },
      { recordId: 'n4', parent: 'r' },
    ]);
    expect([...anchors]).toEqual([['n1', 'e1'], ['n2', 'e1'], ['n3', 'e1']]);
  });
});
