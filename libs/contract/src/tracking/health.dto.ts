export interface TrackingHealthResponse {
  status: 'ok';
  checks: Record<string, 'ok'>;
}
