import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env.ts';
import { startTracing, tracesExporterFromEnv, tracingEnabled } from '../../src/telemetry.ts';

describe('tracing configuration', () => {
  it('is off unless an OTLP endpoint or an exporter is configured', () => {
    expect(tracesExporterFromEnv({})).toBe('none');
    expect(tracesExporterFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(tracesExporterFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces' })).toBe('otlp');
    expect(tracesExporterFromEnv({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
    expect(tracesExporterFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe('none');
    expect(tracesExporterFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe('none');
  });

  it('refuses malformed values with a sentence naming the variable', () => {
    expect(() => tracesExporterFromEnv({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(ConfigError);
    expect(() => tracesExporterFromEnv({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(/OTEL_TRACES_EXPORTER must be one of otlp, console, none/);
    expect(() => tracesExporterFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must use http or https/);
  });

  it('starts once per process, records spans while on and goes back to the no-op tracer when stopped', async () => {
    expect(startTracing('svc', { env: {} })).toBeNull();
    expect(tracingEnabled()).toBe(false);
    expect(trace.getTracer('t').startSpan('off').isRecording()).toBe(false);

    const exporter = new InMemorySpanExporter();
    const tracing = startTracing('svc', { exporter, env: { OTEL_SERVICE_NAME: 'renamed' } })!;
    expect(startTracing('other', { exporter: new InMemorySpanExporter() })).toBe(tracing);
    expect(tracing.serviceName).toBe('renamed');
    trace.getTracer('t').startSpan('on').end();
    await tracing.flush();
    expect(exporter.getFinishedSpans().map((s) => [s.name, s.resource.attributes['service.name']])).toEqual([['on', 'renamed']]);

    await tracing.stop();
    expect(tracingEnabled()).toBe(false);
    expect(trace.getTracer('t').startSpan('after').isRecording()).toBe(false);
  });
});
