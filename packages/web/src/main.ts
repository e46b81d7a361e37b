/**
 * The page: the connect screen (or straight to chat with `?nick=NAME&channels=%23a,%23b&autoconnect=1`),
 * then the chat view over one `ChatClient` to the server the page came from. Recent lines are kept in
 * localStorage per nick, so a reload shows them at once; the server's history (draft/chathistory) fills
 * in the rest.
 */
import './style.css';
import { ChatClient } from './client.js';
import { restoreLines, saveLines } from './saved.js';
import { ChatView } from './view.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** ws(s)://host/ of the page itself. */
function serverUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
}

function start(nick: string, channels: string[], account: string, password: string): void {
  const client = new ChatClient({ url: serverUrl(), nick, channels, ...(account !== '' ? { account, password } : {}) });
  restoreLines(client);
  $('connect').hidden = true;
  $('chat').hidden = false;
  const view = new ChatView(client);
  client.onActivity = () => {};
  const save = (): void => saveLines(client);
  setInterval(save, 2000);
  addEventListener('pagehide', save);
  client.connect();
  $('input').focus();
  // Quitting returns to the connect screen.
  const onChange = client.onChange;
  client.onChange = () => {
    onChange();
    if (client.state === 'closed' && !$('chat').hidden) {
      save();
      location.reload();
    }
  };
  void view;
}

function main(): void {
  const params = new URLSearchParams(location.search);
  const form = $<HTMLFormElement>('connect');
  const nickInput = $<HTMLInputElement>('nick');
  const channelsInput = $<HTMLInputElement>('channels');
  nickInput.value = params.get('nick') ?? localStorage.getItem('zchat:nick') ?? '';
  channelsInput.value = params.get('channels') ?? localStorage.getItem('zchat:channels') ?? '#lobby';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const nick = nickInput.value.trim();
    if (!/^[A-Za-z_[\]{}\\|^`][A-Za-z0-9_[\]{}\\|^`-]{0,29}$/.test(nick)) {
      $('connect-error').textContent = 'A name is 1 to 30 letters, digits or -_[]{}\\|^`, not starting with a digit or "-".';
      nickInput.focus();
      return;
    }
    localStorage.setItem('zchat:nick', nick);
    localStorage.setItem('zchat:channels', channelsInput.value);
    start(nick, channelsInput.value.split(','), $<HTMLInputElement>('account').value.trim(), $<HTMLInputElement>('password').value);
  });
  if (params.get('autoconnect') === '1' && nickInput.value !== '') form.requestSubmit();
  else nickInput.focus();
}

main();
