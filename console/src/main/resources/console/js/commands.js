// Copy-paste commands for a channel: the AWS CLI pointed at this server (--endpoint-url is the page's own origin)
// and an example for the KVS WebRTC C SDK's master sample. Only the access key id is filled in: the secret never
// reaches the page after sign-in.

function quote(value) {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(value) ? value : `'${String(value).replace(/'/g, "'\\''")}'`;
}

function credentials(session) {
  return [
    `export AWS_ACCESS_KEY_ID=${quote(session.accessKeyId)}`,
    'export AWS_SECRET_ACCESS_KEY=\'<its secret, from data/credentials>\'',
    `export AWS_DEFAULT_REGION=${quote(session.region)}`,
  ];
}

/** AWS CLI commands for the channel (and its stream, when linked), with the long values in shell variables. */
export function awsCli(session, channel, stream, endpoints) {
  const lines = [
    ...credentials(session),
    `ENDPOINT=${location.origin}`,
    `CHANNEL_ARN=${quote(channel.ChannelARN)}`,
  ];
  if (stream) {
    lines.push(`STREAM_ARN=${quote(stream.StreamARN)}`);
  }
  lines.push('',
    '# the channel and where its endpoints are',
    'aws kinesisvideo describe-signaling-channel --endpoint-url "$ENDPOINT" --channel-arn "$CHANNEL_ARN"',
    'aws kinesisvideo get-signaling-channel-endpoint --endpoint-url "$ENDPOINT" --channel-arn "$CHANNEL_ARN" \\',
    `    --single-master-channel-endpoint-configuration Protocols=${stream ? 'WSS,HTTPS,WEBRTC' : 'WSS,HTTPS'},`
      + 'Role=MASTER',
    '',
    '# TURN servers and credentials for a participant',
    `aws kinesis-video-signaling get-ice-server-config --endpoint-url ${endpoints.HTTPS || '"$ENDPOINT"'} \\`,
    '    --channel-arn "$CHANNEL_ARN"');
  if (stream) {
    lines.push('',
      '# recording into the stream, and joining as its master',
      'aws kinesisvideo update-media-storage-configuration --endpoint-url "$ENDPOINT" --channel-arn "$CHANNEL_ARN" \\',
      '    --media-storage-configuration StreamARN="$STREAM_ARN",Status=ENABLED',
      `aws kinesis-video-webrtc-storage join-storage-session --endpoint-url ${endpoints.WEBRTC || '"$ENDPOINT"'} \\`,
      '    --channel-arn "$CHANNEL_ARN"',
      '',
      '# what was recorded in the last hour',
      `aws kinesis-video-archived-media list-fragments --endpoint-url "$ENDPOINT" --stream-name ${
        quote(stream.StreamName)} \\`,
      '    --fragment-selector "FragmentSelectorType=SERVER_TIMESTAMP,TimestampRange={StartTimestamp=$(date -d \'1 '
        + 'hour ago\' +%s),EndTimestamp=$(date +%s)}"');
  }
  return lines.join('\n');
}

/** An example for the KVS WebRTC C SDK's kvsWebrtcClientMaster sample as this server's camera. */
export function cSdkExample(session, channel) {
  const url = new URL(location.origin);
  const tls = url.protocol === 'https:' && (url.port === '' || url.port === '443');
  const lines = [
    '# Example: the KVS WebRTC C SDK sample as the channel\'s camera (master with media storage).',
    '# The C SDK speaks only TLS on port 443: run this server with --https-port 443 and a public URL',
    '# without a port, and trust its certificate (data/tls/server-cert.pem).',
    ...credentials(session),
    `export AWS_KVS_CONTROL_PLANE_URL=${tls ? url.origin : `https://${url.hostname}`}`,
    'export AWS_KVS_CACERT_PATH=/path/to/server-cert.pem',
    'export AWS_KVS_LOG_LEVEL=3',
    'cd amazon-kinesis-video-streams-webrtc-sdk-c/build/samples',
    `./kvsWebrtcClientMaster ${quote(channel.ChannelName)} 1    # 1 = media storage (JoinStorageSession)`,
  ];
  return lines.join('\n');
}
