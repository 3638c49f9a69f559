// Mutants inside the text of an error message are not behaviour: a test that pinned every word would only make
// messages harder to improve. This ignorer leaves out the text given to the places messages are made: the text
// argument of `new ...Error(...)` and of `super(...)` in an error class, the problem of a ConfigurationError or
// TokenResponseError, the advice of `requireSecret`, `requireAccount` and `oauthClient`, the problem of `invalid`, what
// `refreshError` was doing
// and the `whenEmpty` option; and the text kept in constants and variables named for advice (`hint`, `*_FIX`,
// `NOT_A_TOKEN`, `example` defaults). The error's class, its options object (cause, response, flags) and when it is
// thrown are still mutated.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** A string, template, `+` of texts, or a choice between texts (`a ? 'x' : 'y'`). */
const isText = (node) =>
  node.type === 'StringLiteral' ||
  node.type === 'TemplateLiteral' ||
  (node.type === 'BinaryExpression' && node.operator === '+' && isText(node.left) && isText(node.right)) ||
  (node.type === 'ConditionalExpression' && isText(node.consequent) && isText(node.alternate));

/**
 * Where the message text goes, by callee: the argument positions that are only text. A field name (the `field` of a
 * ConfigurationError or TokenResponseError) is behaviour, not text, and stays mutated. Other `...Error`s take their
 * message first.
 */
const MESSAGE_ARGUMENTS = new Map([
  ['ConfigurationError', [1]],
  ['TokenResponseError', [1]],
  ['requireSecret', [2]],
  ['invalid', [1]],
  ['requireAccount', [1]],
  ['refreshError', [1]],
  // The Redis store's `command(what, run)`: what it was doing, for the error's message.
  ['command', [0]],
]);

/** Calls whose object argument at a position holds advice texts as its values (`oauthClient`'s `{ clientId: ... }`). */
const ADVICE_OBJECTS = new Map([['oauthClient', 1]]);
/** Option properties whose value is only advice for an error message. */
const ADVICE_PROPERTIES = new Set(['whenEmpty']);
const ADVICE_NAMES = /^(hint|advice|[A-Z_]*_FIX|NOT_A_TOKEN)$/;

function madeIntoMessage(path) {
  const parent = path.parentPath;
  if (!parent) return false;
  const { node } = parent;
  if (parent.isNewExpression() || parent.isCallExpression()) {
    const index = node.arguments.indexOf(path.node);
    const callee = node.callee;
    if (callee.type === 'Super') return index === 0;
    const name = callee.type === 'Identifier' ? callee.name : undefined;
    if (!name) return false;
    const positions =
      MESSAGE_ARGUMENTS.get(name) ?? (parent.isNewExpression() && name.endsWith('Error') ? [0] : []);
    return positions.includes(index);
  }
  if (parent.isObjectProperty() && node.value === path.node) {
    const key = node.key.type === 'Identifier' ? node.key.name : undefined;
    if (key && ADVICE_PROPERTIES.has(key)) return true;
    const call = parent.parentPath?.parentPath;
    if (call?.isCallExpression() && call.node.callee.type === 'Identifier') {
      const position = ADVICE_OBJECTS.get(call.node.callee.name);
      return position !== undefined && call.node.arguments[position] === parent.parentPath.node;
    }
    return false;
  }
  if (parent.isVariableDeclarator() && node.init === path.node)
    return node.id.type === 'Identifier' && ADVICE_NAMES.test(node.id.name);
  // A default for an `example` parameter: the URL shown in an error message.
  if (parent.isAssignmentPattern() && node.right === path.node)
    return node.left.type === 'Identifier' && node.left.name === 'example';
  return false;
}

/** The advice object itself (`oauthClient(options, { clientId: '...' })`): emptying it only empties messages. */
function isAdviceObject(path) {
  const { node, parentPath: parent } = path;
  if (node.type !== 'ObjectExpression' || !parent?.isCallExpression()) return false;
  const callee = parent.node.callee;
  const position = callee.type === 'Identifier' ? ADVICE_OBJECTS.get(callee.name) : undefined;
  return (
    position !== undefined &&
    parent.node.arguments[position] === node &&
    node.properties.every((property) => property.type === 'ObjectProperty' && isText(property.value))
  );
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'messages', {
    shouldIgnore(path) {
      if (isAdviceObject(path)) return 'the advice of error messages';
      return isText(path.node) && madeIntoMessage(path) ? 'the text of an error message' : undefined;
    },
  }),
];
