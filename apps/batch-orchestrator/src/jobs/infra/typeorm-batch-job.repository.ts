import { BatchJobState, ResourceNotFoundError } from '@llmops/contract';
import { Brackets, DataSource, In } from 'typeorm';
import type { JobScope } from '../../access/batch-access';
import { BatchJob, BatchPartition, settleJob, summarizeJob } from '../domain/batch-job';
import { BatchJobRepository, PartitionUpdate, SettleOutcome } from '../domain/batch-job.repository';
import { BatchJobEntity, BatchPartitionEntity } from './batch-job.entity';
import { jobFromEntity, jobToEntity, partitionFromEntity, partitionToEntity } from './batch-job.mapper';

const UNFINISHED: BatchJobState[] = ['RUNNING'];

export class TypeOrmBatchJobRepository extends BatchJobRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async create(job: BatchJob, partitions: BatchPartition[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.insert(BatchJobEntity, jobToEntity(job));
      // Chunked: one INSERT per few hundred partitions keeps statements small.
      for (let i = 0; i < partitions.length; i += 500) {
        await em.insert(BatchPartitionEntity, partitions.slice(i, i + 500).map(partitionToEntity));
      }
    });
  }

  async get(jobId: string): Promise<BatchJob | null> {
    const entity = await this.dataSource.getRepository(BatchJobEntity).findOneBy({ id: jobId });
    return entity ? jobFromEntity(entity) : null;
  }

  async list(filter: { state?: BatchJobState; limit: number; scope?: JobScope }): Promise<BatchJob[]> {
    const query = this.dataSource.getRepository(BatchJobEntity).createQueryBuilder('j');
    if (filter.state) query.andWhere('j.state = :state', { state: filter.state });
    const scope = filter.scope;
    if (scope) {
      // Visibility is part of the query, so the limit counts only jobs the caller may see.
      query.andWhere(
        new Brackets((visible) => {
          visible.where('j.created_by = :owner', { owner: scope.owner });
          if (scope.tables.length > 0) visible.orWhere('j.output_table IN (:...tables)', { tables: scope.tables });
          if (scope.jobs.length > 0) visible.orWhere('j.id IN (:...jobs)', { jobs: scope.jobs });
        }),
      );
    }
    const entities = await query.orderBy('j.created_at', 'DESC').addOrderBy('j.id', 'ASC').take(filter.limit).getMany();
    return entities.map(jobFromEntity);
  }

  async anyRunningReads(datasetName: string): Promise<boolean> {
    return this.dataSource
      .getRepository(BatchJobEntity)
      .exists({ where: { datasetUri: datasetName, state: In(UNFINISHED) } });
  }

  async partitions(jobId: string): Promise<BatchPartition[]> {
    const entities = await this.dataSource
      .getRepository(BatchPartitionEntity)
      .find({ where: { jobId }, order: { partition: 'ASC' } });
    return entities.map(partitionFromEntity);
  }

  async unfinished(): Promise<BatchJob[]> {
    const entities = await this.dataSource
      .getRepository(BatchJobEntity)
      .find({ where: { state: In(UNFINISHED) }, order: { createdAt: 'ASC' } });
    return entities.map(jobFromEntity);
  }

  async settlePartition<T>(
    jobId: string,
    partition: number,
    decide: (partition: BatchPartition, job: BatchJob) => Promise<{ update: PartitionUpdate | null; result: T }>,
  ): Promise<SettleOutcome<T>> {
    return this.dataSource.transaction(async (em) => {
      const locked = await em
        .createQueryBuilder(BatchPartitionEntity, 'p')
        .setLock('pessimistic_write')
        .where('p.job_id = :jobId AND p.partition = :partition', { jobId, partition })
        .getOne();
      if (!locked) throw new ResourceNotFoundError(`Batch job ${jobId} has no partition ${partition}`);
      const jobEntity = await em
        .createQueryBuilder(BatchJobEntity, 'j')
        .where('j.id = :jobId', { jobId })
        .getOneOrFail();
      const before = jobFromEntity(jobEntity);
      const current = partitionFromEntity(locked);
      const { update, result } = await decide(current, before);
      const after: BatchPartition = update ? { ...current, ...update } : current;
      // update, not save: save would SELECT the row again before writing it.
      if (update) await em.update(BatchPartitionEntity, { jobId, partition }, partitionToEntity(after));
      if (!update) return { job: before, partition: after, result, changed: false, jobFinished: false };
      // The job row is locked after the partition row, always in this order, so reports of
      // different partitions cannot deadlock.
      // Its counters are read under that lock and moved by this partition's change (O(1) per
      // commit); when they say the job ended, they are recomputed once from every partition (the
      // partitions stay the truth for the final state).
      const lockedJob = jobFromEntity(
        await em
          .createQueryBuilder(BatchJobEntity, 'j')
          .setLock('pessimistic_write')
          .where('j.id = :jobId', { jobId })
          .getOneOrFail(),
      );
      let job = settleJob(lockedJob, current, after, new Date());
      if (job.state !== 'RUNNING') {
        const all = (await em.find(BatchPartitionEntity, { where: { jobId } })).map(partitionFromEntity);
        job = summarizeJob(lockedJob, all, new Date());
      }
      await em.update(BatchJobEntity, { id: jobId }, jobToEntity(job));
      return {
        job,
        partition: after,
        result,
        changed: after.state !== current.state,
        jobFinished: lockedJob.state === 'RUNNING' && job.state !== 'RUNNING',
      };
    });
  }
}
