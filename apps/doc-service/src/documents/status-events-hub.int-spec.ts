import { type DocStatusEvent, docStatusSubject } from '@intake/contracts';
import { startNatsServer, type TestNats, waitFor } from '@intake/testing';
import { connect, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { StatusEventsHub } from './status-events-hub';

describe('StatusEventsHub on a real NATS server', () => {
  let nats: TestNats;
  let publisher: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    publisher = await connect(nats.options);
  });
  afterAll(async () => {
    await publisher?.close();
    await nats?.stop();
  });

  const event = (owner: string): DocStatusEvent => ({ document_id: randomUUID(), owner_id: owner, status: 'done', failure_kind: null, failure_reason: null });
  const publish = async (e: DocStatusEvent) => {
    publisher.publish(docStatusSubject(e.document_id), JSON.stringify(e));
    await publisher.flush();
  };
  const listener = () => {
    const seen: DocStatusEvent[] = [];
    let ended = 0;
    return { seen, ended: () => ended, listener: { event: (e: DocStatusEvent) => seen.push(e), end: () => void ended++ } };
  };

  it("hands each owner's events to that owner's streams only, through one subscription however many listen", async () => {
    const nc = await connect(nats.options);
    try {
      const hub = new StatusEventsHub(nc);
      const [ana, bob] = [randomUUID(), randomUUID()];
      const anaTabs = [listener(), listener()];
      const bobTab = listener();
      const stops = [...anaTabs.map((t) => hub.listen(ana, t.listener)), hub.listen(bob, bobTab.listener)];
      await nc.flush();
      const before = nc.stats().inMsgs;
      const forAna = event(ana);
      const forBob = event(bob);
      await publish(forAna);
      await publish(forBob);
      publisher.publish(docStatusSubject(randomUUID()), 'not an event');
      publisher.publish(docStatusSubject(randomUUID()), 'null');
      await publish(event(randomUUID()));
      await waitFor(() => bobTab.seen.length === 1 && anaTabs.every((t) => t.seen.length === 1));
      await nc.flush();
      // Five messages reached the connection once each: a subscription per listener would have brought 15.
      expect(nc.stats().inMsgs - before).toBe(5);
      expect(anaTabs.map((t) => t.seen)).toEqual([[forAna], [forAna]]);
      expect(bobTab.seen).toEqual([forBob]);

      // A stream that stops hears nothing more; the others go on.
      stops[0]();
      stops[0]();
      const next = event(ana);
      await publish(next);
      await waitFor(() => anaTabs[1].seen.length === 2);
      expect(anaTabs[0].seen).toEqual([forAna]);

      // Once nobody listens nothing is subscribed; the next stream subscribes again.
      stops[1]();
      stops[2]();
      await nc.flush();
      const idle = nc.stats().inMsgs;
      await publish(event(ana));
      await nc.flush();
      expect(nc.stats().inMsgs).toBe(idle);
      const again = listener();
      hub.listen(ana, again.listener);
      await nc.flush();
      const later = event(ana);
      await publish(later);
      await waitFor(() => again.seen.length === 1);
      expect(again.seen).toEqual([later]);
      expect([...anaTabs, bobTab].map((t) => t.ended())).toEqual([0, 0, 0]);
    } finally {
      await nc.close();
    }
  });

  it('ends every stream when NATS closes the subscription under them', async () => {
    const nc = await connect(nats.options);
    const hub = new StatusEventsHub(nc);
    const tabs = [listener(), listener()];
    hub.listen(randomUUID(), tabs[0].listener);
    hub.listen(randomUUID(), tabs[1].listener);
    await nc.drain();
    await waitFor(() => tabs.every((t) => t.ended() === 1));
  });
});
