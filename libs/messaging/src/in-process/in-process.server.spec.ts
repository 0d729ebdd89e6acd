import { MessageHandler } from '@nestjs/microservices';
import { InProcessBus } from './in-process.bus';
import { InProcessServer } from './in-process.server';

describe('InProcessServer', () => {
  it("finds a subject's handler without Nest's JSON.parse of the subject, and still finds object patterns", () => {
    const server = new InProcessServer(new InProcessBus());
    const plain = (async () => 'plain') as MessageHandler;
    const object = (async () => 'object') as MessageHandler;
    server.addHandler('tracking.v1.runs.log-metric', plain);
    server.addHandler({ cmd: 'sum' }, object);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(server.getHandlerByPattern('tracking.v1.runs.log-metric')).toBe(plain);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(server.getHandlerByPattern('{ "cmd": "sum" }')).toBe(object);
    expect(server.getHandlerByPattern('tracking.v1.runs.unknown')).toBeNull();
  });
});
