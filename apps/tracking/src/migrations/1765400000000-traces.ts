import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MLflow 3 GenAI traces (MLflow's trace_info, trace_tags, trace_request_metadata, spans and
 * assessments tables): a trace belongs to an experiment; its spans are kept as received
 * (OTLP/JSON) with the columns that order and filter them.
 */
export class Traces1765400000000 implements MigrationInterface {
  name = 'Traces1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tracking_traces (
        trace_id varchar(50) PRIMARY KEY,
        experiment_id bigint NOT NULL REFERENCES tracking_experiments (experiment_id),
        request_time_ms bigint NOT NULL,
        execution_duration_ms bigint,
        state varchar(20) NOT NULL CHECK (state IN ('STATE_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS')),
        client_request_id varchar(250),
        request_preview text,
        response_preview text
      )`);
    await q.query(
      `CREATE INDEX tracking_traces_experiment_idx ON tracking_traces (experiment_id, request_time_ms DESC)`,
    );
    await q.query(`
      CREATE TABLE tracking_trace_tags (
        trace_id varchar(50) NOT NULL REFERENCES tracking_traces (trace_id) ON DELETE CASCADE,
        key varchar(250) NOT NULL,
        value varchar(8000) NOT NULL,
        PRIMARY KEY (trace_id, key)
      )`);
    await q.query(`
      CREATE TABLE tracking_trace_metadata (
        trace_id varchar(50) NOT NULL REFERENCES tracking_traces (trace_id) ON DELETE CASCADE,
        key varchar(250) NOT NULL,
        value varchar(8000) NOT NULL,
        PRIMARY KEY (trace_id, key)
      )`);
    await q.query(`CREATE INDEX tracking_trace_metadata_value_idx ON tracking_trace_metadata (key, value)`);
    await q.query(`
      CREATE TABLE tracking_trace_spans (
        trace_id varchar(50) NOT NULL REFERENCES tracking_traces (trace_id) ON DELETE CASCADE,
        span_id varchar(16) NOT NULL,
        parent_span_id varchar(16),
        name text NOT NULL,
        span_type varchar(500),
        status_code smallint NOT NULL,
        start_time_ns bigint NOT NULL,
        end_time_ns bigint,
        content text NOT NULL,
        PRIMARY KEY (trace_id, span_id)
      )`);
    await q.query(`
      CREATE TABLE tracking_trace_assessments (
        assessment_id varchar(50) PRIMARY KEY,
        trace_id varchar(50) NOT NULL REFERENCES tracking_traces (trace_id) ON DELETE CASCADE,
        name varchar(250) NOT NULL,
        span_id varchar(16),
        source_type varchar(30) NOT NULL,
        source_id varchar(250) NOT NULL,
        create_time_ms bigint NOT NULL,
        last_update_time_ms bigint NOT NULL,
        kind varchar(20) NOT NULL CHECK (kind IN ('feedback', 'expectation')),
        value text NOT NULL,
        rationale text,
        metadata text NOT NULL,
        overrides varchar(50),
        valid boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX tracking_trace_assessments_trace_idx ON tracking_trace_assessments (trace_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'tracking_trace_assessments',
      'tracking_trace_spans',
      'tracking_trace_metadata',
      'tracking_trace_tags',
      'tracking_traces',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
