// The demo origin: stands in for the shop. Every answer is 200 JSON with `demo: true`, the method,
// the path (with query) and every header it received, so a person can see what the shop would see.
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const receivedHeaders: Record<string, string> = {}
    for (const [name, value] of request.headers) receivedHeaders[name.toLowerCase()] = value
    const body = {
      demo: true,
      method: request.method,
      path: url.pathname + url.search,
      receivedHeaders,
    }
    return Response.json(body)
  },
} satisfies ExportedHandler
