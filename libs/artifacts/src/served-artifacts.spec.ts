import { ErrorCode } from '@llmops/contract';
import { ArtifactStoreRoot, servedArtifactPath, servedArtifactUri } from './served-artifacts';

describe('served artifacts (mlflow-artifacts:/)', () => {
  it('reads the path of a served URI, with or without a host', () => {
    expect(servedArtifactPath('mlflow-artifacts:/3/abc/artifacts')).toBe('3/abc/artifacts');
    expect(servedArtifactPath('mlflow-artifacts:///3/abc')).toBe('3/abc');
    expect(servedArtifactPath('mlflow-artifacts://localhost:5000/3/abc/artifacts/m%20x')).toBe('3/abc/artifacts/m x');
    expect(servedArtifactPath('mlflow-artifacts:/')).toBe('');
    expect(servedArtifactPath('file:///data/3')).toBeUndefined();
    expect(servedArtifactUri('3/abc/artifacts')).toBe('mlflow-artifacts:/3/abc/artifacts');
  });

  it.each([
    'mlflow-artifacts:/../../etc',
    'mlflow-artifacts:/3/%2e%2e/%2e%2e/x',
    'mlflow-artifacts:/3/%252e%252e/x',
    'mlflow-artifacts:/3/a%5cb',
    'mlflow-artifacts:relative',
    'mlflow-artifacts:/3/a%00',
  ])('refuses %j', (uri) => {
    expect(() => servedArtifactPath(uri)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_PARAMETER_VALUE }));
  });

  it('maps served URIs into the store and store URIs back', () => {
    const root = new ArtifactStoreRoot('file:///data/artifacts/');
    expect(root.storageUriOf('mlflow-artifacts:/3/abc/artifacts')).toBe('file:///data/artifacts/3/abc/artifacts');
    expect(root.storageUriOf('mlflow-artifacts:/a b')).toBe('file:///data/artifacts/a%20b');
    expect(root.storageUriOf('file:///elsewhere/x')).toBe('file:///elsewhere/x');
    expect(root.servedUriOf('file:///data/artifacts/3/abc/artifacts')).toBe('mlflow-artifacts:/3/abc/artifacts');
    expect(root.servedUriOf('file:///data/artifacts/a%20b')).toBe('mlflow-artifacts:/a b');
    expect(root.servedUriOf('file:///data/artifacts')).toBe('mlflow-artifacts:/');
    expect(root.servedUriOf('file:///data/artifacts-other/x')).toBeUndefined();
    expect(root.servedUriOf('file:///data/artifacts/%2e%2e/x')).toBeUndefined();
  });
});
