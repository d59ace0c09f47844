/** Image tags and references for pre-built image apps. */

/** Docker's tag grammar: up to 128 characters, no leading `.` or `-`. */
export const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Whether `tag` is a valid Docker image tag. */
export function isValidImageTag(tag: string): boolean {
  return IMAGE_TAG_PATTERN.test(tag);
}

/**
 * The fully qualified reference Nodion reports as `image_reference`, applying Docker Hub's
 * normalisation: `nginx` on `docker.io` becomes `docker.io/library/nginx:1.25`.
 */
export function imageReference(registry: string, imageName: string, tag: string): string {
  const isDockerHub = registry === "docker.io" || registry === "index.docker.io";
  const path = isDockerHub && !imageName.includes("/") ? `library/${imageName}` : imageName;
  return `${registry}/${path}:${tag}`;
}
