import type { DestinationSpec } from '../types';
import { awsXray } from './awsXray';
import { axiom } from './axiom';
import { azureMonitor } from './azureMonitor';
import { betterStack } from './betterStack';
import { chronosphere } from './chronosphere';
import { coralogix } from './coralogix';
import { dash0 } from './dash0';
import { datadog } from './datadog';
import { dynatrace } from './dynatrace';
import { elasticApm } from './elasticApm';
import { elasticsearch } from './elasticsearch';
import { googleCloud } from './googleCloud';
import { grafanaAlloy } from './grafanaAlloy';
import { grafanaCloud } from './grafanaCloud';
import { honeycomb } from './honeycomb';
import { hyperdx } from './hyperdx';
import { instana } from './instana';
import { jaeger } from './jaeger';
import { kloudmate } from './kloudmate';
import { last9 } from './last9';
import { lightstep } from './lightstep';
import { logzio } from './logzio';
import { newRelic } from './newRelic';
import { observe } from './observe';
import { openObserve } from './openObserve';
import { otlpGrpc } from './otlpGrpc';
import { otlpHttp } from './otlpHttp';
import { quickwit } from './quickwit';
import { signoz } from './signoz';
import { signozSelfHosted } from './signozSelfHosted';
import { splunkHec } from './splunkHec';
import { splunkObservability } from './splunkObservability';
import { sumoLogic } from './sumoLogic';
import { tempo } from './tempo';
import { uptrace } from './uptrace';

/** Every destination the portal can configure, in display order. */
export const DESTINATIONS: DestinationSpec[] = [
  tempo,
  jaeger,
  otlpGrpc,
  otlpHttp,
  grafanaCloud,
  grafanaAlloy,
  honeycomb,
  datadog,
  newRelic,
  elasticApm,
  elasticsearch,
  dynatrace,
  splunkObservability,
  splunkHec,
  lightstep,
  axiom,
  signoz,
  signozSelfHosted,
  uptrace,
  coralogix,
  dash0,
  logzio,
  sumoLogic,
  awsXray,
  googleCloud,
  azureMonitor,
  betterStack,
  last9,
  chronosphere,
  observe,
  hyperdx,
  instana,
  kloudmate,
  openObserve,
  quickwit,
];
