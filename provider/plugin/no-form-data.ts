/**
 * Stands in for the `form-data` package inside the plugin bundle (`tools/pack-plugin.ts` aliases
 * it here). axios loads `form-data` when it loads, for multipart bodies, and with it mime-db and a
 * dozen small packages: about 20 ms of the plugin's first request. The SDK only ever sends JSON.
 */
class NoFormData {
  constructor() {
    throw new Error("nodion: the provider plugin sends no multipart bodies");
  }
}

export = NoFormData;
