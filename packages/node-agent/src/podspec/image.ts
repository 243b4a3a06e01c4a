import type { Language } from '../types';

export interface ImageHint {
  language: Exclude<Language, 'unknown'>;
  weight: number;
  version?: string;
  evidence: string;
}

export interface ParsedImage {
  /** Repository path without registry, e.g. "library/python" or "distroless/java17-debian12". */
  repository: string;
  /** Last path segment, e.g. "python". */
  name: string;
  tag?: string;
}

/** Splits "registry:5000/org/name:tag@sha256:..." into repository path, name and tag. */
export function parseImage(image: string): ParsedImage {
  let rest = image.trim().split('@')[0];
  const slash = rest.indexOf('/');
  // A first segment with a dot, a colon or "localhost" is a registry host.
  if (slash > 0 && /[.:]|^localhost$/.test(rest.slice(0, slash)))
    rest = rest.slice(slash + 1);
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  const repository = (
    tag !== undefined ? rest.slice(0, colon) : rest
  ).toLowerCase();
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return { repository, name, tag };
}

/** Leading version of a tag: "3.12-slim" -> "3.12", "17-jre-alpine" -> "17", "v22.1.0" -> "22.1.0". */
function tagVersion(tag: string | undefined): string | undefined {
  const m = tag && /^v?(\d+(?:\.\d+){0,2})(?:[-_.+]|$)/.exec(tag);
  return m ? m[1] : undefined;
}

interface ImageRule {
  language: Exclude<Language, 'unknown'>;
  /** Matches the image name (last segment) or the whole repository path. */
  re: RegExp;
  weight: number;
  /** Takes the version from the tag (official runtime images) or from a capture of `re`. */
  version?: 'tag' | 'capture';
}

// Official runtime images and the common vendor/distroless variants. Build-tool images (maven,
// gradle, golang, rust) usually build rather than run, so they weigh less.
const RULES: ImageRule[] = [
  {
    language: 'java',
    re: /(^|\/)(eclipse-temurin|openjdk|amazoncorretto|ibm-semeru-runtimes|ibmjava|sapmachine|adoptopenjdk|azul\/zulu-openjdk[\w-]*|jdk|jre|java)$/,
    weight: 0.45,
    version: 'tag',
  },
  {
    language: 'java',
    re: /(^|\/)(?:distroless\/)?java(\d+)(-debian\d+)?$/,
    weight: 0.45,
    version: 'capture',
  },
  {
    language: 'java',
    re: /(^|\/)(tomcat|jetty|wildfly|payara[\w-]*|open-liberty|websphere-liberty|keycloak|maven|gradle|spring[\w-]*|kafka|elasticsearch|jenkins)$/,
    weight: 0.3,
  },
  {
    language: 'python',
    re: /(^|\/)(python|pypy)$/,
    weight: 0.45,
    version: 'tag',
  },
  {
    language: 'python',
    re: /(^|\/)(?:distroless\/)?python(\d)(-debian\d+)?$/,
    weight: 0.45,
    version: 'capture',
  },
  {
    language: 'python',
    re: /(^|\/)(django|flask|fastapi|uvicorn[\w-]*|gunicorn|celery|airflow|jupyter[\w-]*|odoo)$/,
    weight: 0.3,
  },
  {
    language: 'nodejs',
    re: /(^|\/)(node|nodejs)$/,
    weight: 0.45,
    version: 'tag',
  },
  {
    language: 'nodejs',
    re: /(^|\/)(?:distroless\/)?nodejs(\d+)(-debian\d+)?$/,
    weight: 0.45,
    version: 'capture',
  },
  {
    language: 'nodejs',
    re: /(^|\/)(ghost|strapi|n8n|next[\w-]*|nestjs[\w-]*|express[\w-]*)$/,
    weight: 0.3,
  },
  {
    language: 'dotnet',
    re: /(^|\/)dotnet\/(aspnet|runtime|runtime-deps|sdk)$/,
    weight: 0.45,
    version: 'tag',
  },
  {
    language: 'dotnet',
    re: /(^|\/)(dotnet|aspnetcore|aspnet)$/,
    weight: 0.4,
    version: 'tag',
  },
  { language: 'go', re: /(^|\/)(golang|go)$/, weight: 0.25, version: 'tag' },
  { language: 'ruby', re: /(^|\/)(ruby|jruby)$/, weight: 0.45, version: 'tag' },
  {
    language: 'ruby',
    re: /(^|\/)(rails|redmine|discourse|gitlab[\w-]*|mastodon)$/,
    weight: 0.3,
  },
  {
    language: 'php',
    re: /(^|\/)(php|php-fpm|php-apache)$/,
    weight: 0.45,
    version: 'tag',
  },
  {
    language: 'php',
    re: /(^|\/)(wordpress|drupal|joomla|laravel[\w-]*|nextcloud|magento[\w-]*|phpmyadmin|matomo)$/,
    weight: 0.35,
  },
  { language: 'rust', re: /(^|\/)rust$/, weight: 0.25, version: 'tag' },
];

export function imageHints(image: string | undefined): ImageHint[] {
  if (!image) return [];
  const parsed = parseImage(image);
  const hints: ImageHint[] = [];
  for (const rule of RULES) {
    const m = rule.re.exec(parsed.repository);
    if (!m) continue;
    let version: string | undefined;
    if (rule.version === 'tag') version = tagVersion(parsed.tag);
    else if (rule.version === 'capture') version = m[2];
    if (rule.language === 'go' && version) version = `go${version}`;
    hints.push({
      language: rule.language,
      weight: rule.weight,
      version,
      evidence: `image: ${parsed.repository}${
        parsed.tag ? `:${parsed.tag}` : ''
      }`,
    });
    break;
  }
  return hints;
}

/** "alpine" in the image name or tag means musl. */
export function imageLibc(image: string | undefined): 'musl' | undefined {
  if (!image) return undefined;
  const { repository, tag } = parseImage(image);
  return /alpine|musl|wolfi-musl/.test(`${repository}:${tag ?? ''}`)
    ? 'musl'
    : undefined;
}
