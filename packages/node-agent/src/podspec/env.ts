import type { ImageHint } from './image';

type Env = Map<string, string | undefined>;

const RULES: Array<{
  language: ImageHint['language'];
  keys: RegExp;
  weight: number;
  versionKey?: string;
}> = [
  {
    language: 'java',
    keys: /^(JAVA_VERSION|JAVA_HOME|JAVA_OPTS|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|CATALINA_HOME)$/,
    weight: 0.3,
    versionKey: 'JAVA_VERSION',
  },
  {
    language: 'python',
    keys: /^(PYTHON_VERSION|PYTHONPATH|PYTHONUNBUFFERED|PYTHONDONTWRITEBYTECODE|PIP_[A-Z_]+|DJANGO_SETTINGS_MODULE|FLASK_APP|GUNICORN_CMD_ARGS)$/,
    weight: 0.3,
    versionKey: 'PYTHON_VERSION',
  },
  {
    language: 'nodejs',
    keys: /^(NODE_VERSION|NODE_ENV|NODE_OPTIONS|NPM_CONFIG_[A-Z_]+|YARN_VERSION)$/,
    weight: 0.3,
    versionKey: 'NODE_VERSION',
  },
  {
    language: 'dotnet',
    keys: /^(DOTNET_[A-Z_]+|ASPNETCORE_[A-Z_]+|CORECLR_[A-Z_]+)$/,
    weight: 0.3,
    versionKey: 'DOTNET_VERSION',
  },
  {
    language: 'ruby',
    keys: /^(RUBY_VERSION|RUBYOPT|RAILS_ENV|RACK_ENV|BUNDLE_[A-Z_]+|GEM_HOME)$/,
    weight: 0.3,
    versionKey: 'RUBY_VERSION',
  },
  {
    language: 'php',
    keys: /^(PHP_VERSION|PHP_INI_DIR|PHP_[A-Z_]+|COMPOSER_[A-Z_]+)$/,
    weight: 0.3,
    versionKey: 'PHP_VERSION',
  },
  {
    language: 'go',
    keys: /^(GOMAXPROCS|GOGC|GODEBUG|GOMEMLIMIT|GOLANG_VERSION)$/,
    weight: 0.15,
    versionKey: 'GOLANG_VERSION',
  },
  {
    language: 'rust',
    keys: /^(RUST_LOG|RUST_BACKTRACE|RUST_VERSION)$/,
    weight: 0.15,
    versionKey: 'RUST_VERSION',
  },
];

/** Hints from env names (values are only read for well-known *_VERSION keys). */
export function envHints(env: Env): ImageHint[] {
  const hints: ImageHint[] = [];
  for (const rule of RULES) {
    const key = [...env.keys()].find(k => rule.keys.test(k));
    if (!key) continue;
    let version: string | undefined;
    const raw = rule.versionKey ? env.get(rule.versionKey) : undefined;
    if (raw && /^[\w.+\-]{1,40}$/.test(raw)) {
      version =
        rule.language === 'java'
          ? raw.replace(/^jdk-?/, '')
          : raw.replace(/^v/, '');
      if (rule.language === 'go' && !version.startsWith('go'))
        version = `go${version}`;
    }
    hints.push({
      language: rule.language,
      weight: rule.weight,
      version,
      evidence: `env: ${key}`,
    });
  }
  return hints;
}
