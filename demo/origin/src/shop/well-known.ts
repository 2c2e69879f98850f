// The shop's own RFC 9728 document at /.well-known/oauth-protected-resource, as the shop's newer
// line publishes it: `resource` is the store's root URL, which for the demo shop is the address it
// was asked at (the gateway passes the client's host on). gatehouse keeps these fields and adds its
// own (docs/oauth.md).

export function protectedResource(request: Request): Response {
  const root = new URL(request.url).origin
  return Response.json({
    resource: root,
    resource_name: 'Demo Shop',
    bearer_methods_supported: ['header'],
    resource_documentation: `${root}/api/docs`,
  })
}
