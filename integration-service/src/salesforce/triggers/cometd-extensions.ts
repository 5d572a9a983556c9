/**
 * Faye (CometD) client extensions for Salesforce's streaming API. jsforce ships a Replay
 * extension, but it resubscribes from the last event *received*; after a reconnect that would
 * skip an event received but not yet handled. This one asks for the last event *handled*.
 */

export interface CometdMessage {
  channel: string;
  subscription?: string;
  successful?: boolean;
  error?: string;
  advice?: { reconnect?: string };
  ext?: Record<string, unknown>;
  [key: string]: unknown;
}

type Next = (message: CometdMessage) => void;

/** Adds `ext.replay = { [channel]: replayFrom() }` to the subscribe message of `channel`. */
export function replayFromExtension(channel: string, replayFrom: () => number) {
  return {
    outgoing(message: CometdMessage, callback: Next) {
      if (message.channel === '/meta/subscribe' && message.subscription === channel) {
        message.ext = { ...message.ext, replay: { [channel]: replayFrom() } };
      }
      callback(message);
    },
  };
}

/**
 * Calls `onRefused` when Salesforce ends the session for good (a handshake or connect answered
 * with `advice.reconnect: none`, e.g. `401::Authentication invalid` after the token expired);
 * the client would otherwise stop silently.
 */
export function sessionEndedExtension(onRefused: (message: CometdMessage) => void) {
  return {
    incoming(message: CometdMessage, callback: Next) {
      if ((message.channel === '/meta/handshake' || message.channel === '/meta/connect') && message.successful === false && message.advice?.reconnect === 'none') {
        onRefused(message);
      }
      callback(message);
    },
  };
}
