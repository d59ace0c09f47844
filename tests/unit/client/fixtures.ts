/**
 * Payloads copied from Nodion's documentation (application deployments page, 2023 and current),
 * plus a pre-built image deployment with the fields the current docs show, and shared test values.
 */
import type { ApplicationWire, Deployment, DeploymentWire } from "../../../client";

/** A fake API key; no test output may ever contain it. */
export const API_KEY = "nod_test_9f8e7d6c5b4a3f2e1d0c";

/** The `GET /applications/:id/deployments` example: two Git deployments, newest first. */
export const DOCUMENTED_LIST = {
  deployments: [
    {
      id: "92955d4f-2e44-4e48-8cb6-9c6c434afebb",
      status: "available",
      deploy_number: 2,
      git_sha: "d77ead8cbbdc37d04aa8c3466c6e35b7c55a508e",
      commit_message: "test",
      committer_name: "John Doe",
      committer_email: "info@nodion.com",
      committer_username: "nodion",
      commit_timestamp: "2022-09-17T18:12:37.000+02:00",
      created_at: "2023-04-18T18:32:25.018+02:00",
    },
    {
      id: "5ff9b89f-c839-465d-88b9-32508a87a586",
      status: "available",
      deploy_number: 1,
      git_sha: "d77ead8cbbdc37d04aa8c3466c6e35b7c55a508e",
      commit_message: "test",
      committer_name: "John Doe",
      committer_email: "info@nodion.com",
      committer_username: "nodion",
      commit_timestamp: "2022-09-17T18:12:37.000+02:00",
      created_at: "2023-04-18T17:21:28.241+02:00",
    },
  ],
} as const satisfies { deployments: readonly DeploymentWire[] };

/** The `POST /applications/:id/deployments` example, which also carries `updated_at`. */
export const DOCUMENTED_TRIGGER = {
  deployment: {
    id: "c3f85434-5470-46de-bbeb-ce668ca2c351",
    status: "created",
    deploy_number: 3,
    git_sha: "d77ead8cbbdc37d04aa8c3466c6e35b7c55a508e",
    commit_message: "test",
    committer_name: "John Doe",
    committer_email: "info@nodion.com",
    committer_username: "nodion",
    commit_timestamp: "2022-09-17T18:12:37.000+02:00",
    created_at: "2023-04-25T08:58:59.771+02:00",
    updated_at: "2023-04-25T08:58:59.771+02:00",
  },
} as const satisfies { deployment: DeploymentWire };

/** A pre-built image deployment as the current docs describe it. */
export const PREBUILT_IMAGE_DEPLOYMENT = {
  id: "0b7d3c52-8f7e-4c1a-9a51-3e2f7d6c1b90",
  status: "available",
  deploy_number: 7,
  git_sha: null,
  commit_message: "Image: docker.io/nginx:1.25",
  committer_name: "Container Registry",
  committer_email: "deploy@nodion.com",
  committer_username: "Container Registry",
  commit_timestamp: "2024-11-02T10:15:00.000+01:00",
  strategy: "prebuilt_image",
  image_reference: "docker.io/nginx:1.25",
  created_at: "2024-11-02T10:15:00.123+01:00",
} as const satisfies DeploymentWire;

/** A Git application as the applications docs show it. */
export const GIT_APP: ApplicationWire = {
  id: "6f0c2b1e-4a5d-4e3f-9b8a-1c2d3e4f5a6b",
  name: "web",
  status: "online",
  state: "default",
  deployment_strategy: "dockerfile",
  image_name: null,
  image_tag: null,
  region: { id: "7a1e9c3d-0000-4000-8000-000000000001", name: "Frankfurt, DE", slug: "fra" },
};

/** A pre-built image application. */
export const IMAGE_APP: ApplicationWire = {
  id: "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  name: "nginx",
  status: "online",
  state: "default",
  deployment_strategy: "prebuilt_image",
  image_name: "docker.io/nginx",
  image_tag: "1.25",
  region: null,
};

/** A copy of `obj` without `key`, for payloads that lack a field. */
export function without(obj: object, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key));
}

/** A parsed deployment with every optional field empty, overridden by `fields`. */
export function deploymentFixture(fields: Partial<Deployment> = {}): Deployment {
  return {
    id: `d-${fields.deployNumber ?? 1}`,
    status: "created",
    deployNumber: 1,
    gitSha: null,
    commitMessage: null,
    committerName: null,
    committerEmail: null,
    committerUsername: null,
    commitTimestamp: null,
    strategy: null,
    imageReference: null,
    createdAt: "2025-03-01T12:00:00.000Z",
    updatedAt: null,
    ...fields,
  };
}
